package io.guestlink.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads a configuration file the one way every GuestLink configuration reader does (config/identity.yaml,
 * memory.yaml, alerts.yaml, sources/*.yaml, the event schema): Jackson over the file with unknown keys refused, and
 * whatever goes wrong a {@link ConfigurationException} whose problem starts with the file: {@code <file>: <what>}.
 * What a file means, its defaults and its checks stay with its reader.
 */
public final class YamlConfig {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private YamlConfig() {
    }

    /** How a reader turns the file into its value (Jackson, or a library with its own parser). */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(Path file) throws IOException;
    }

    /**
     * The file parsed by {@code parser}; an I/O or parse failure becomes {@code <file>: why(failure)}.
     * Does not check that the file exists: a missing file is the parser's I/O failure.
     */
    public static <T> T read(Path file, Parser<T> parser, Function<Exception, String> why) {
        try {
            return parser.parse(file);
        } catch (IOException | RuntimeException e) {
            throw problem(file, why.apply(e));
        }
    }

    /** The file bound to {@code type}, null when it is empty; {@code why} words what Jackson refused. */
    public static <T> T read(Path file, Class<T> type, Function<Exception, String> why) {
        return read(file, f -> YAML.readValue(f.toFile(), type), why);
    }

    /** The file bound to {@code type}, null when it is empty; a problem is the first line of Jackson's message. */
    public static <T> T read(Path file, Class<T> type) {
        return read(file, type, e -> firstLine(e.getMessage()));
    }

    /** Empty when there is no such file (or no path) or it is empty: the reader's defaults apply. */
    public static <T> Optional<T> readIfPresent(Path file, Class<T> type) {
        if (file == null || !Files.isRegularFile(file)) return Optional.empty();
        return Optional.ofNullable(read(file, type));
    }

    /** The file's text, for readers that parse text of other origins the same way ({@link #tree}). */
    public static String text(Path file) {
        return read(file, Files::readString, Exception::getMessage);
    }

    /** YAML text as a tree, for readers that walk it key by key; {@code <source>: not YAML: <first line>}. */
    public static JsonNode tree(String yaml, String source) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new ConfigurationException(List.of(source + ": not YAML: " + firstLine(e.getMessage())));
        }
    }

    /** Builds the value from what was read; a check that fails (a RuntimeException) becomes {@code <file>: <message>}. */
    public static <T> T checked(Path file, Supplier<T> build) {
        try {
            return build.get();
        } catch (RuntimeException e) {
            throw problem(file, e.getMessage());
        }
    }

    /** One problem of a file: {@code <file>: <what>}. */
    public static ConfigurationException problem(Path file, String what) {
        return new ConfigurationException(List.of(file + ": " + what));
    }

    /** Jackson's messages continue with the source location and reference chain: the first line says what is wrong. */
    public static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
