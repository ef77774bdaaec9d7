package dev.sidecar.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which values each unit accepts. */
class UnitTest {

    @ParameterizedTest(name = "{0} accepts ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "DURATION     | 300s", "DURATION | 1h30m", "DURATION | 250ms", "DURATION | 1.5h", "DURATION | 0",
        "SECONDS      | 300", "MILLISECONDS | 0", "DAYS | 1",
        "BYTES        | 512Mi", "BYTES | 1048576", "BYTES | 10M", "BYTES | 1.5Gi",
        "INTEGER      | -3", "BOOLEAN | true", "BOOLEAN | false",
        "PORT         | 1", "PORT | 65535",
        "URL          | http://config-api:8080/app.conf", "URL | https://example.com",
        "PATH         | /config/app.conf",
    })
    void accepts(Unit unit, String value) {
        assertThat(unit.accepts(value)).isTrue();
    }

    @ParameterizedTest(name = "{0} refuses ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "DURATION     | 5 minutes", "DURATION | 300", "DURATION | 5d", "DURATION | s",
        "SECONDS      | 300s", "SECONDS | -1", "SECONDS | 1.5", "SECONDS | 5 minutes",
        "BYTES        | 1 GB", "BYTES | 1gi", "BYTES | -1",
        "INTEGER      | 1e3", "BOOLEAN | yes", "BOOLEAN | TRUE",
        "PORT         | 0", "PORT | 65536", "PORT | 080080", "PORT | http",
        "URL          | config-api:8080", "URL | /app.conf", "URL | http://",
        "PATH         | config/app.conf",
    })
    void refuses(Unit unit, String value) {
        assertThat(unit.accepts(value)).isFalse();
    }

    @Test
    void labelNamesTheUnitIgnoringCase() {
        assertThat(Unit.fromLabel("Seconds")).contains(Unit.SECONDS);
        assertThat(Unit.fromLabel("secs")).isEmpty();
    }
}
