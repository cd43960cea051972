package io.guestlink.event.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.guestlink.config.YamlConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;

/**
 * The documented JSON Schema of guest events (config/schemas/guest-event.schema.json), applied with networknt's
 * validator: every violation becomes a {@link Problem} naming the member's JSON path and the value found there
 * (masked when personal). Formats (date, date-time) are asserted, not just annotated. Thread-safe.
 */
public final class EventSchema {
    /** More problems than this in one message add nothing for the person reading the dead-letter queue. */
    static final int MAX_PROBLEMS = 10;

    private final JsonSchema schema;

    private EventSchema(JsonSchema schema) {
        this.schema = schema;
    }

    public static EventSchema load(Path file) {
        if (!Files.isRegularFile(file)) throw YamlConfig.problem(file, "the guest event schema file does not exist");
        // networknt reads the schema itself (JSON Schema 2020-12, its own $ref resolution): the shared loader only
        // names the file in what goes wrong
        return YamlConfig.read(file, EventSchema::parse, e -> "not a usable JSON Schema: " + e.getMessage());
    }

    private static EventSchema parse(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                    .formatAssertionsEnabled(true)
                    .pathType(PathType.JSON_PATH)
                    .locale(Locale.ENGLISH)
                    .build();
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
            schema.initializeValidators(); // a broken schema fails at start-up, not on the first message
            return new EventSchema(schema);
        }
    }

    /** Every violation, in path order, at most {@value #MAX_PROBLEMS}; empty when the event conforms. */
    public List<Problem> check(JsonNode event) {
        Set<ValidationMessage> messages = schema.validate(event);
        Set<Problem> problems = new LinkedHashSet<>();
        // anyOf of "required" alternatives (a name needs text, family or given): one problem, not one per alternative
        Map<String, List<String>> alternatives = new TreeMap<>();
        for (ValidationMessage m : messages) {
            if ("required".equals(m.getType()) && m.getEvaluationPath().toString().contains("anyOf")) {
                alternatives.computeIfAbsent(m.getInstanceLocation().toString(), k -> new ArrayList<>()).add(m.getProperty());
            } else {
                problems.add(problem(m));
            }
        }
        alternatives.forEach((at, members) -> problems.add(new Problem(at, null, "needs one of the members " + members)));
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparing(Problem::path));
        return sorted.size() > MAX_PROBLEMS ? sorted.subList(0, MAX_PROBLEMS) : sorted;
    }

    private static Problem problem(ValidationMessage m) {
        String at = m.getInstanceLocation().toString();
        String member = m.getProperty();
        switch (m.getType()) {
            case "required" -> {
                return new Problem(child(at, member), null, "required member is missing");
            }
            case "additionalProperties" -> {
                return new Problem(child(at, member), null, "unknown member (not in the schema; names starting "
                        + "with 'x-' are allowed for the sender's own data)");
            }
            default -> {
                return new Problem(at, ShownValues.of(at, m.getInstanceNode()), reason(m, at));
            }
        }
    }

    /** networknt's text without the leading "$.path: " it repeats, with the schema's own wording otherwise. */
    private static String reason(ValidationMessage m, String at) {
        String text = m.getMessage();
        String prefix = at + ": ";
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }

    private static String child(String at, String member) {
        if (member == null) return at;
        return member.matches("[A-Za-z_][A-Za-z0-9_]*") ? at + "." + member : at + "['" + member + "']";
    }
}
