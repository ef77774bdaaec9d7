package dev.sidecar.kubernetes;

import dev.sidecar.VolumeSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The bytes of a file given to a volume from the test: its text, a class-path resource or a host file. */
final class FileContents {

    private FileContents() {
    }

    static byte[] bytes(VolumeSpec.File file) {
        try {
            return switch (file.source()) {
                case TEXT -> file.value().getBytes(StandardCharsets.UTF_8);
                case HOST_FILE -> Files.readAllBytes(Path.of(file.value()));
                case CLASSPATH -> {
                    URL url = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                            .map(l -> l.getResource(file.value()))
                            .orElseGet(() -> FileContents.class.getClassLoader().getResource(file.value()));
                    if (url == null) {
                        throw new IOException("class-path resource '" + file.value() + "' does not exist");
                    }
                    try (InputStream in = url.openStream()) {
                        yield in.readAllBytes();
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read file '" + file.path() + "' (" + file + ")", e);
        }
    }
}
