package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The downward API's formats, as the kubelet writes them. */
class DownwardApiTest {

    @Test
    void mapsAreSortedKeyQuotedValueLinesWithoutAFinalLineEnd() {
        assertThat(DownwardApi.formatMap(Map.of("tier", "web", "app", "shop"))).isEqualTo("app=\"shop\"\ntier=\"web\"");
        assertThat(DownwardApi.formatMap(Map.of())).isEmpty();
    }

    @Test
    void valuesAreQuotedAsGoQuotesThem() {
        assertThat(DownwardApi.goQuote("say \"hi\"\\")).isEqualTo("\"say \\\"hi\\\"\\\\\"");
        assertThat(DownwardApi.goQuote("a\nb\tc\u0007")).isEqualTo("\"a\\nb\\tc\\a\"");
        assertThat(DownwardApi.goQuote("\u0001\u007f")).isEqualTo("\"\\x01\\x7f\"");
        assertThat(DownwardApi.goQuote("caf\u00e9 \u2603")).as("printable Unicode as it is")
                .isEqualTo("\"caf\u00e9 \u2603\"");
        assertThat(DownwardApi.goQuote("\u200b")).as("a format character").isEqualTo("\"\\u200b\"");
    }

    @Test
    void quantitiesOfEveryUnit() {
        assertThat(DownwardApi.quantity("1")).isEqualByComparingTo("1");
        assertThat(DownwardApi.quantity("1m")).isEqualByComparingTo("0.001");
        assertThat(DownwardApi.quantity("2k")).isEqualByComparingTo("2000");
        assertThat(DownwardApi.quantity("1Mi")).isEqualByComparingTo(new BigDecimal(1 << 20));
        assertThat(DownwardApi.quantity("1Gi")).isEqualByComparingTo(new BigDecimal(1L << 30));
        assertThat(DownwardApi.quantity("1.5")).isEqualByComparingTo("1.5");
    }
}
