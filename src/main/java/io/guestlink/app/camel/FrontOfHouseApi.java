package io.guestlink.app.camel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.guestlink.memory.RecognitionCard;
import io.guestlink.model.Complaint;
import io.guestlink.model.Preference;
import io.guestlink.pipeline.GuestDirectory;
import io.guestlink.pipeline.StaffNotes;
import io.guestlink.store.Database;
import io.guestlink.store.FrontOfHouse;
import io.guestlink.store.GuestMemoryReader;
import org.apache.camel.Exchange;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The console's front of house over HTTP: today's arrivals and in-house board of a property (each guest with the
 * card line), and the notes staff write on a guest (GET and POST /guests/{id}/notes), stored by {@link StaffNotes} as
 * source records of system "console".
 */
public final class FrontOfHouseApi {
    /** One stay on the board with the guest's card line as of the day (null when the guest has no card). */
    public record BoardItem(long profileId, String displayName, String vip, String confirmation, String room,
                            LocalDate arrival, LocalDate departure, String status, String card) {
    }

    public record Board(String property, LocalDate date, List<BoardItem> items) {
    }

    /** Body of POST /guests/{id}/notes. */
    public record NoteBody(@JsonProperty(value = "kind", required = true) String kind,
                           @JsonProperty("category") String category,
                           @JsonProperty(value = "text", required = true) String text,
                           @JsonProperty("complaint") String complaint) {
        @JsonCreator
        public NoteBody {
        }
    }

    /**
     * A note as the card shows it with its provenance: kind (preference, allergy, note, complaint), category, text,
     * for a complaint whether it is open and its resolution; source "console", who wrote it last and when, version.
     */
    public record Note(String id, String kind, String category, String text, Boolean open, String resolution,
                       String source, String by, Instant at, int version) {
    }

    public record Added(String id, int version, String outcome, String by) {
    }

    static final int MAX_NOTE = 500;
    private static final ObjectReader NOTE = ApiResponses.JSON.readerFor(NoteBody.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Database db;
    private final GuestMemoryReader memory;
    private final GuestDirectory directory;
    private final StaffNotes notes;

    FrontOfHouseApi(Database db, GuestMemoryReader memory, GuestDirectory directory, StaffNotes notes) {
        this.db = db;
        this.memory = memory;
        this.directory = directory;
        this.notes = notes;
    }

    /** GET /arrivals?property=P[&date=YYYY-MM-DD]: arriving and in-house stays with each guest's card line. */
    public void arrivals(Exchange e) {
        String property = ApiParams.text(e, "property");
        if (property == null || property.isBlank()) throw ApiProblem.badInput("property", "property is required");
        LocalDate date = ApiParams.date(e, "date", LocalDate.now());
        List<FrontOfHouse.BoardRow> rows = db.inTransaction("arrivals board", tx -> FrontOfHouse.board(tx, property.strip(), date));
        List<BoardItem> items = new ArrayList<>();
        for (FrontOfHouse.BoardRow r : rows) {
            String card = memory.card(r.profileId(), date).map(RecognitionCard::toText).orElse(null);
            items.add(new BoardItem(r.profileId(), r.displayName(), r.vip(), r.confirmation(), r.room(), r.arrival(),
                    r.departure(), r.status(), card));
        }
        directory.note(ApiAccess.principal(e).name(), "VIEW_BOARD", null, property.strip(), "as of " + date + ": " + items.size() + " stays");
        ApiResponses.ok(e, new Board(property.strip(), date, items));
    }

    /** GET /guests/{id}/notes: what staff wrote on the guest in the console, newest first, with who and when. */
    public void notes(Exchange e) {
        long id = ApiParams.id(e, "id");
        List<Note> out = new ArrayList<>();
        for (FrontOfHouse.StoredNote n : call(() -> notes.of(id))) out.add(shown(n));
        ApiResponses.ok(e, new GuestDirectory.Page<>(out, 0, out.size(), false));
    }

    /** POST /guests/{id}/notes {"kind": preference|allergy|note|complaint|resolution, "category", "text", "complaint"}. */
    public void add(Exchange e) {
        long id = ApiParams.id(e, "id");
        NoteBody body = DeskApi.read(NOTE, e.getMessage().getBody(String.class),
                "{\"kind\": \"allergy\", \"text\": \"peanuts\"}");
        String text = body.text() == null ? "" : body.text().strip();
        if (text.isEmpty()) throw ApiProblem.badInput("$.text", "text is empty");
        if (text.length() > MAX_NOTE) throw ApiProblem.badInput("$.text", "text is longer than " + MAX_NOTE + " characters")
                .with("limit", MAX_NOTE);
        if (text.chars().anyMatch(ch -> ch < 0x20 && ch != '\n' || ch == 0x7f))
            throw ApiProblem.badInput("$.text", "text holds control characters");
        String kind = body.kind() == null ? "" : body.kind().strip().toLowerCase(Locale.ROOT);
        String by = ApiAccess.principal(e).name();
        StaffNotes.Written w;
        if (kind.equals("resolution")) {
            if (body.complaint() == null || !body.complaint().matches("note-[0-9a-f-]{36}"))
                throw ApiProblem.badInput("$.complaint", "a resolution names the complaint's note id (note-...)");
            w = call(() -> notes.resolve(id, body.complaint(), text, by));
        } else {
            StaffNotes.Kind k;
            try {
                k = StaffNotes.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException x) {
                throw ApiProblem.badInput("$.kind", "kind must be preference, allergy, note, complaint or resolution");
            }
            String category = body.category() == null || body.category().isBlank() ? null : body.category().strip().toLowerCase(Locale.ROOT);
            if (k == StaffNotes.Kind.PREFERENCE && category != null && !Preference.CATEGORIES.contains(category))
                throw ApiProblem.badInput("$.category", "category must be one of " + new java.util.TreeSet<>(Preference.CATEGORIES));
            w = call(() -> notes.add(id, k, category, text, by));
        }
        directory.note(by, "ADD_NOTE", id, w.id(), kind);
        ApiResponses.ok(e, new Added(w.id(), w.version(), w.outcome(), by));
    }

    /** The stream is answered by {@link ConsoleServer} on the Vert.x router; a request here means it was not installed. */
    public void streamElsewhere(Exchange e) {
        throw ApiProblem.of(503, "the arrivals stream is not being served");
    }

    private static Note shown(FrontOfHouse.StoredNote n) {
        String by = n.writtenBy() == null ? null : n.writtenBy().replaceFirst("^[a-z]+ by ", "");
        if (n.guest() != null && !n.guest().complaints().isEmpty()) {
            Complaint c = n.guest().complaints().get(0);
            return new Note(n.id(), "complaint", null, c.text(), c.open(), c.resolution(), FrontOfHouse.CONSOLE, by, n.at(), n.version());
        }
        Preference p = n.guest() == null || n.guest().preferences().isEmpty() ? null : n.guest().preferences().get(0);
        if (p == null) return new Note(n.id(), "note", null, "", null, null, FrontOfHouse.CONSOLE, by, n.at(), n.version());
        String kind = p.isAllergy() ? "allergy" : n.writtenBy() != null && n.writtenBy().startsWith("note by ") ? "note" : "preference";
        return new Note(n.id(), kind, p.category(), p.text(), null, null, FrontOfHouse.CONSOLE, by, n.at(), n.version());
    }

    private static <T> T call(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (IllegalArgumentException x) {
            String m = x.getMessage() == null ? "refused" : x.getMessage();
            throw m.startsWith("no ") ? ApiProblem.of(404, m) : ApiProblem.badInput("$", m);
        }
    }
}
