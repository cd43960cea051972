package io.guestlink.event.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.guestlink.model.FieldLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.guestlink.event.json.JsonEventReaderTest.CLOCK;
import static io.guestlink.event.json.JsonEventReaderTest.NORMALISERS;
import static io.guestlink.event.json.JsonEventReaderTest.READER;
import static io.guestlink.event.json.JsonEventReaderTest.SCHEMA;
import static io.guestlink.event.json.JsonEventReaderTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * JSON events against the one definition of the canonical fields' limits ({@link FieldLimit}): the shipped schema
 * states exactly the definition's limits, an over-long value is refused with its path and limit (the event goes to
 * the dead-letter queue, nothing is applied), and the mapping refuses it by the definition even under a schema that
 * allows more (an edited {@code guestlink.events.schema}).
 */
class EventLimitsTest {
    /** A member holding one of the codes the store keeps in 32 characters: its path, canonical field, and an event. */
    record Member(String path, String field, String type, String members) {
        @Override
        public String toString() {
            return path;
        }

        String event(String value) {
            return JsonEventReaderTest.event(type, members.formatted(value));
        }
    }

    static final List<Member> MEMBERS = List.of(
            new Member("$.property", "property", "reservation.created", "\"reservation\": {\"confirmationNumber\": \"R1\"}"),
            new Member("$.reservation.roomNumber", "reservation.roomNumber", "guest.checked_in", "\"reservation\": {\"confirmationNumber\": \"R1\", \"roomNumber\": \"%s\"}"),
            new Member("$.reservation.priorRoomNumber", "reservation.roomNumber", "guest.room_moved", "\"reservation\": {\"confirmationNumber\": \"R1\", \"roomNumber\": \"1208\", \"priorRoomNumber\": \"%s\"}"),
            new Member("$.reservation.roomType", "reservation.roomType", "reservation.created", "\"reservation\": {\"confirmationNumber\": \"R1\", \"roomType\": \"%s\"}"),
            new Member("$.reservation.rate.code", "reservation.rateCode", "reservation.created", "\"reservation\": {\"confirmationNumber\": \"R1\", \"rate\": {\"code\": \"%s\"}}"),
            new Member("$.ticket.table", "pos.table", "pos.ticket_closed", "\"ticket\": {\"outlet\": \"CAFE\", \"ticketNumber\": \"7\", \"table\": \"%s\"}"),
            new Member("$.ticket.roomNumber", "pos.roomNumber", "pos.ticket_closed", "\"ticket\": {\"outlet\": \"CAFE\", \"ticketNumber\": \"7\", \"roomNumber\": \"%s\"}"));

    static Stream<Arguments> overLong() {
        List<Arguments> out = new ArrayList<>();
        for (Member m : MEMBERS) for (int length : new int[] {33, 50}) out.add(Arguments.of(m, length));
        return out.stream();
    }

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}, {1} characters")
    @MethodSource("overLong")
    void theShippedSchemaRefusesACodeLongerThanTheStoreKeeps(Member m, int length) {
        assertThat(READER.read(withValue(m, "W".repeat(32)))).as("32 characters fit").isNotNull();
        InvalidEvent e = refused(READER, withValue(m, "W".repeat(length)));
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo(m.path());
            assertThat(p.reason()).contains("32");
        });
    }

    @ParameterizedTest(name = "{0}, {1} characters")
    @MethodSource("overLong")
    void theMappingRefusesItByTheDefinitionUnderASchemaThatAllowsMore(Member m, int length) throws Exception {
        JsonEventReader reader = looseReader();
        assertThat(reader.read(withValue(m, "W".repeat(32)))).as("32 characters fit").isNotNull();

        InvalidEvent e = refused(reader, withValue(m, "W".repeat(length)));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo(m.path());
            assertThat(p.value()).isEqualTo("W".repeat(length));
            assertThat(p.reason()).isEqualTo("is " + length + " characters, more than the 32 GuestLink keeps for " + m.field());
        });
    }

    @Test
    void aPersonalValueIsMaskedWhenTheDefinitionRefusesIt() throws Exception {
        JsonEventReader reader = looseReader();
        String name = "Yu " + "M".repeat(600);
        InvalidEvent e = refused(reader, event("pos.ticket_closed",
                "\"ticket\": {\"outlet\": \"CAFE\", \"ticketNumber\": \"7\", \"guestName\": \"" + name + "\"}"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("$.ticket.guestName");
            assertThat(p.value()).isEqualTo("Y***");
            assertThat(p.reason()).contains("more than the 500");
        });
        assertThat(e.getMessage()).doesNotContain("MMMM");
    }

    /** Where each canonical field sits in the schema (JSON pointer of its member's definition). */
    static final Map<String, FieldLimit> SCHEMA_MEMBERS = new LinkedHashMap<>();

    static {
        SCHEMA_MEMBERS.put("/properties/property", FieldLimit.PROPERTY);
        String r = "/$defs/reservation/properties/";
        SCHEMA_MEMBERS.put(r + "confirmationNumber", FieldLimit.CONFIRMATION_NUMBER);
        SCHEMA_MEMBERS.put(r + "roomNumber", FieldLimit.ROOM_NUMBER);
        SCHEMA_MEMBERS.put(r + "priorRoomNumber", FieldLimit.ROOM_NUMBER);
        SCHEMA_MEMBERS.put(r + "roomType", FieldLimit.ROOM_TYPE);
        SCHEMA_MEMBERS.put(r + "rate/properties/code", FieldLimit.RATE_CODE);
        SCHEMA_MEMBERS.put(r + "rate/properties/currency", FieldLimit.CURRENCY);
        SCHEMA_MEMBERS.put(r + "status", FieldLimit.STATUS);
        SCHEMA_MEMBERS.put(r + "channel", FieldLimit.CHANNEL);
        String n = "/$defs/name/properties/";
        SCHEMA_MEMBERS.put(n + "text", FieldLimit.GUEST_NAME);
        SCHEMA_MEMBERS.put(n + "family", FieldLimit.FAMILY_NAME);
        SCHEMA_MEMBERS.put(n + "given", FieldLimit.GIVEN_NAME);
        SCHEMA_MEMBERS.put(n + "title", FieldLimit.TITLE);
        String g = "/$defs/guest/properties/";
        SCHEMA_MEMBERS.put(g + "gender", FieldLimit.GENDER);
        SCHEMA_MEMBERS.put(g + "nationality", FieldLimit.NATIONALITY);
        SCHEMA_MEMBERS.put(g + "language", FieldLimit.LANGUAGE);
        SCHEMA_MEMBERS.put(g + "vip", FieldLimit.VIP);
        String t = "/$defs/ticket/properties/";
        SCHEMA_MEMBERS.put(t + "outlet", FieldLimit.OUTLET);
        SCHEMA_MEMBERS.put(t + "ticketNumber", FieldLimit.TICKET_NUMBER);
        SCHEMA_MEMBERS.put(t + "table", FieldLimit.TABLE);
        SCHEMA_MEMBERS.put(t + "roomNumber", FieldLimit.TICKET_ROOM_NUMBER);
        SCHEMA_MEMBERS.put(t + "memberNumber", FieldLimit.TICKET_MEMBER_NUMBER);
        SCHEMA_MEMBERS.put(t + "guestName", FieldLimit.TICKET_GUEST_NAME);
        SCHEMA_MEMBERS.put(t + "settlement", FieldLimit.SETTLEMENT);
        SCHEMA_MEMBERS.put(t + "currency", FieldLimit.CURRENCY);
        SCHEMA_MEMBERS.put(t + "items/items/properties/line", FieldLimit.ITEM_LINE);
        SCHEMA_MEMBERS.put(t + "items/items/properties/name", FieldLimit.ITEM_NAME);
    }

    /** Text fields events never carry: folio lines come from the nightly files only. */
    static final Set<FieldLimit> NOT_IN_EVENTS = EnumSet.of(FieldLimit.FOLIO_NUMBER, FieldLimit.FOLIO_LINE_NUMBER,
            FieldLimit.RESERVATION_REF, FieldLimit.TRANSACTION_CODE, FieldLimit.DESCRIPTION, FieldLimit.CATEGORY,
            FieldLimit.ACTOR, FieldLimit.AUDIT_TARGET, FieldLimit.AUDIT_DETAIL);

    @Test
    void theShippedSchemaStatesExactlyTheDefinitionsLimits() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(SCHEMA.toFile());
        List<String> disagree = new ArrayList<>();
        SCHEMA_MEMBERS.forEach((pointer, limit) -> {
            JsonNode member = resolve(schema, schema.at(pointer));
            assertThat(member.isMissingNode()).as(pointer).isFalse();
            if (member.has("maxLength")) {
                if (member.get("maxLength").intValue() != limit.maxLength())
                    disagree.add(pointer + " maxLength " + member.get("maxLength") + ", " + limit.field() + " keeps " + limit.maxLength());
            } else if (member.has("enum")) {
                member.get("enum").forEach(v -> {
                    if (!limit.fits(v.textValue())) disagree.add(pointer + " allows '" + v.textValue() + "'");
                });
            } else if (!member.has("pattern")) {
                disagree.add(pointer + " has no maxLength (" + limit.field() + " keeps " + limit.maxLength() + ")");
            }
        });
        assertThat(disagree).isEmpty();
        // a member bounded by its pattern alone refuses anything longer than its field keeps
        for (String pointer : List.of("/$defs/reservation/properties/rate/properties/currency", "/$defs/guest/properties/nationality")) {
            String pattern = resolve(schema, schema.at(pointer)).get("pattern").textValue();
            assertThat("A".repeat(SCHEMA_MEMBERS.get(pointer).maxLength() + 1)).doesNotMatch(pattern);
        }
        // and every text field an event can carry is in the table above
        Set<FieldLimit> covered = EnumSet.copyOf(SCHEMA_MEMBERS.values());
        covered.addAll(NOT_IN_EVENTS);
        for (FieldLimit f : FieldLimit.values()) {
            if (f.type().isText()) assertThat(covered).as("where the schema holds %s", f.field()).contains(f);
        }
    }

    /** A reader under the shipped schema without any maxLength: only the definition stands between event and store. */
    private JsonEventReader looseReader() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode schema = json.readTree(SCHEMA.toFile());
        withoutMaxLength(schema);
        Path loose = tmp.resolve("loose.schema.json");
        json.writeValue(loose.toFile(), schema);
        return new JsonEventReader(EventSchema.load(loose), NORMALISERS, CLOCK, 65536);
    }

    private static void withoutMaxLength(JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o) o.remove("maxLength");
        node.forEach(EventLimitsTest::withoutMaxLength);
    }

    private static JsonNode resolve(JsonNode schema, JsonNode member) {
        while (member.has("$ref")) member = schema.at(member.get("$ref").textValue().substring(1));
        return member;
    }

    private static String withValue(Member m, String value) {
        if (!m.path().equals("$.property")) return m.event(value);
        // the event's property is at its top level; the members above give only what the type requires
        return m.event("").replace("\"property\": \"BKK01\"", "\"property\": \"" + value + "\"");
    }

    private static InvalidEvent refused(JsonEventReader reader, String json) {
        InvalidEvent e = catchThrowableOfType(InvalidEvent.class, () -> reader.read(json));
        assertThat(e).as("refused: " + json).isNotNull();
        return e;
    }
}
