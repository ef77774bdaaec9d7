package dev.sidecar.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds image configurations (labels, ENV, EXPOSE) for tests, written as a Dockerfile author writes them, and reads
 * their contracts. {@link #configSync()} is a contract like the config-sync example image's, with a duration
 * parameter, allowed values and a pattern added.
 */
final class Contracts {

    static final String IMAGE = "example/config-sync:2";

    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<String> env = new ArrayList<>();
    private final List<String> exposed = new ArrayList<>();

    private Contracts() {
    }

    /** An image configuration with the contract version label. */
    static Contracts image() {
        return new Contracts().label("dev.sidecar.contract.version", "1");
    }

    /** An image configuration without any label. */
    static Contracts plainImage() {
        return new Contracts();
    }

    static Contracts configSync() {
        return image()
                .label("org.opencontainers.image.title", "config-sync")
                .label("org.opencontainers.image.description", "Polls CONFIG_URL into CONFIG_FILE")
                .label("dev.sidecar.contract.role", "sidecar")
                .env("CONFIG_URL", "").param("CONFIG_URL", "required", "true")
                .param("CONFIG_URL", "unit", "url").param("CONFIG_URL", "description", "The URL the config is fetched from")
                .env("CONFIG_FILE", "/config/app.conf").param("CONFIG_FILE", "unit", "path")
                .param("CONFIG_FILE", "description", "Where the config is written")
                .env("UPDATE_FREQUENCY", "30s").param("UPDATE_FREQUENCY", "unit", "duration")
                .param("UPDATE_FREQUENCY", "description", "How often the config is fetched")
                .env("FETCH_TIMEOUT_SECONDS", "5").param("FETCH_TIMEOUT_SECONDS", "unit", "seconds")
                .param("FETCH_TIMEOUT_SECONDS", "description", "How long one fetch may take")
                .env("SIGNAL", "HUP").param("SIGNAL", "values", "HUP, TERM, USR1")
                .param("SIGNAL", "description", "Signal sent to the app after a change")
                .env("PROCESS_NAME", "").param("PROCESS_NAME", "pattern", "[^/]{1,15}")
                .param("PROCESS_NAME", "description", "Name of the process to signal; empty signals nothing")
                .env("MAX_SIZE", "1Mi").param("MAX_SIZE", "unit", "bytes")
                .param("MAX_SIZE", "description", "The largest config accepted")
                .env("TOKEN", "").param("TOKEN", "secret", "true").param("TOKEN", "pattern", "[a-f0-9]{8,}")
                .param("TOKEN", "description", "Bearer token for the config API")
                .env("METRICS_PORT", "9100").param("METRICS_PORT", "unit", "port")
                .param("METRICS_PORT", "description", "Where metrics are served")
                .expose("9100/tcp").port(9100, "description", "Prometheus metrics").port(9100, "param", "METRICS_PORT")
                .volume("config", "path", "/config/app.conf").volume("config", "access", "write")
                .volume("config", "param", "CONFIG_FILE").volume("config", "description", "The config file");
    }

    Contracts label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    Contracts param(String name, String attribute, String value) {
        return label("dev.sidecar.contract.param." + name + "." + attribute, value);
    }

    Contracts port(int number, String attribute, String value) {
        return label("dev.sidecar.contract.port." + number + "." + attribute, value);
    }

    Contracts volume(String name, String attribute, String value) {
        return label("dev.sidecar.contract.volume." + name + "." + attribute, value);
    }

    Contracts env(String name, String value) {
        env.removeIf(e -> e.startsWith(name + "="));
        env.add(name + "=" + value);
        return this;
    }

    Contracts expose(String port) {
        exposed.add(port);
        return this;
    }

    Contracts without(String labelKey) {
        labels.remove(labelKey);
        return this;
    }

    Contracts withoutEnv(String name) {
        env.removeIf(e -> e.startsWith(name + "="));
        return this;
    }

    Contracts withoutExposed(String port) {
        exposed.remove(port);
        return this;
    }

    /** Reads the contract, which must be present. */
    ImageContract contract() {
        return read().orElseThrow();
    }

    java.util.Optional<ImageContract> read() {
        return ImageContract.read(IMAGE, labels, env, exposed);
    }
}
