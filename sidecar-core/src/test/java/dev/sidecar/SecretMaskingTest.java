package dev.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Masking of secret env values in anything printed about a pod. */
class SecretMaskingTest {

    @Test
    void masksTheSecretValuesOfEveryContainerAndLeavesPlainOnesAlone() {
        PodSpec spec = PodSpec.builder("web")
                .initContainer(ContainerSpec.builder("init", "busybox:1.36").secretEnv("SEED", "init-seed").build())
                .sidecar(ContainerSpec.builder("proxy", "busybox:1.36").secretEnv("KEY", "proxy-key").build())
                .main(ContainerSpec.builder("app", "busybox:1.36").env("MODE", "plain").build())
                .build();

        assertThat(spec.maskSecrets("seed init-seed, key proxy-key, mode plain"))
                .isEqualTo("seed *****, key *****, mode plain");
    }

    @Test
    void masksASecretThatContainsAnotherWhole() {
        PodSpec spec = PodSpec.builder("web")
                .main(ContainerSpec.builder("app", "busybox:1.36")
                        .secretEnv("SHORT", "abc").secretEnv("LONG", "abcdef").build())
                .build();

        assertThat(spec.maskSecrets("abcdef and abc")).isEqualTo("***** and *****");
    }

    @Test
    void toStringMasksASecretValueWhereverItStands() {
        ContainerSpec app = ContainerSpec.builder("app", "busybox:1.36")
                .secretEnv("TOKEN", "s3cr3t-token")
                .env("ECHO", "s3cr3t-token")
                .args("--token", "s3cr3t-token")
                .build();
        PodSpec spec = PodSpec.builder("web").main(app)
                .sidecar(ContainerSpec.builder("proxy", "busybox:1.36").args("s3cr3t-token").build())
                .build();

        assertThat(app.toString()).doesNotContain("s3cr3t-token").contains("*****");
        assertThat(spec.toString()).doesNotContain("s3cr3t-token");
    }
}
