package io.guestlink.bench;

import io.guestlink.ingest.MappingOutcome;
import io.guestlink.ingest.RawRecord;
import io.guestlink.ingest.RecordMapper;
import io.guestlink.ingest.RecordReader;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.FolioLine;
import io.guestlink.model.PosItem;
import io.guestlink.model.PosTicket;
import io.guestlink.model.Reservation;
import io.guestlink.store.Database;
import io.guestlink.store.Payloads;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL COPY baseline: the same rows, loaded with {@code COPY ... FROM STDIN} into the same tables
 * (source_record and the feed's fact tables) of a second database with the same Flyway schema and its indexes.
 *
 * <p>{@link #prepare} reads the feed file through the feed's own reader and mapper and writes COPY text files, with
 * the same payload JSON and content hash the store would write (untimed). {@link #load} streams them in one
 * transaction and is what is timed. The baseline writes no journal rows and resolves no identities: it is the floor
 * of what loading these rows can cost, not an alternative implementation.
 */
final class CopyBaseline {
    /** One COPY input file. */
    record Table(String name, String columns, Path file, long rows) {
    }

    /** The COPY inputs of one feed file; {@code records} is the number of source records. */
    record Prepared(String feedId, long records, long rejected, List<Table> tables) {
    }

    private static final String SOURCE_RECORD = "id, source_id, system, record_kind, source_key, content_hash, version, "
            + "profile_id, payload, file_id, line_no, updated_at";
    private static final String STAY = "source_record_id, profile_id, property, confirmation_no, arrival, departure, "
            + "room_type, room_no, rate_code, rate_amount, currency, status, channel, adults, children";
    private static final String FOLIO = "source_record_id, profile_id, property, folio_no, line_no, reservation_ref, "
            + "business_date, trx_code, description, category, amount, currency";
    private static final String TICKET = "source_record_id, profile_id, property, outlet, ticket_no, table_no, covers, "
            + "opened_at, closed_at, room_no, member_no, guest_name, settlement, total, currency";
    private static final String ITEM = "source_record_id, position, item_line, name, quantity, price";

    private CopyBaseline() {
    }

    /**
     * Writes the COPY inputs of one feed file into {@code dir}.
     *
     * @param firstId the source_record id of the first record (ids are explicit, so facts can reference them)
     */
    static Prepared prepare(RecordMapper mapper, Path feedFile, Path dir, long firstId) throws IOException {
        Files.createDirectories(dir);
        String sourceId = mapper.config().id();
        String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
        Map<String, Out> outs = new LinkedHashMap<>();
        outs.put("source_record", new Out(dir.resolve("source_record.copy"), SOURCE_RECORD));
        long id = firstId;
        long rejected = 0;
        StringBuilder sb = new StringBuilder(1024);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(feedFile), 1 << 16);
             RecordReader reader = RecordReader.open(in, mapper.config().format())) {
            while (reader.hasNext()) {
                RawRecord raw = reader.next();
                MappingOutcome outcome = mapper.map(raw);
                if (outcome instanceof MappingOutcome.Rejected) rejected++;
                if (!(outcome instanceof MappingOutcome.Mapped m)) continue;
                CanonicalRecord r = m.record();
                String json = Payloads.json(r);
                row(sb, Long.toString(id), sourceId, r.ref().system(), r.ref().kind().name(), r.ref().key(),
                        Payloads.hash(json), "1", null, json, "1", Long.toString(raw.line()), now);
                outs.get("source_record").add(sb);
                String rid = Long.toString(id);
                if (r.fact() instanceof Reservation s) {
                    row(sb, rid, null, s.property(), s.confirmationNumber(), str(s.arrival()), str(s.departure()),
                            s.roomType(), s.roomNumber(), s.rateCode(), str(s.rateAmount()), s.currency(),
                            s.status() == null ? null : s.status().name(), s.channel(), str(s.adults()), str(s.children()));
                    out(outs, dir, "stay", STAY).add(sb);
                } else if (r.fact() instanceof FolioLine f) {
                    row(sb, rid, null, f.property(), f.folioNumber(), f.lineNumber(), f.reservationRef(),
                            str(f.businessDate()), f.transactionCode(), f.description(),
                            f.category() == null ? null : f.category().name(), f.amount().toPlainString(), f.currency());
                    out(outs, dir, "folio_line", FOLIO).add(sb);
                } else if (r.fact() instanceof PosTicket t) {
                    row(sb, rid, null, t.property(), t.outlet(), t.ticketNumber(), t.table(), str(t.covers()),
                            str(t.opened()), str(t.closed()), t.roomNumber(), t.memberNumber(), t.guestName(),
                            t.settlement(), str(t.total()), t.currency());
                    out(outs, dir, "pos_ticket", TICKET).add(sb);
                    int position = 0;
                    for (PosItem item : t.items()) {
                        row(sb, rid, Integer.toString(++position), item.line(), item.name(),
                                item.quantity().toPlainString(), str(item.price()));
                        out(outs, dir, "pos_item", ITEM).add(sb);
                    }
                }
                id++;
            }
        }
        List<Table> tables = new ArrayList<>();
        for (var e : outs.entrySet()) {
            e.getValue().close();
            tables.add(new Table(e.getKey(), e.getValue().columns, e.getValue().file, e.getValue().rows));
        }
        return new Prepared(mapper.config().id(), id - firstId, rejected, tables);
    }

    /** COPYs the prepared files in one transaction; returns the elapsed seconds (COPY and commit only). */
    static double load(Database db, Prepared p) throws SQLException, IOException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long started = System.nanoTime();
            for (Table t : p.tables()) {
                try (InputStream in = Files.newInputStream(t.file())) {
                    long n = copy.copyIn("COPY " + t.name() + " (" + t.columns() + ") FROM STDIN", in, 1 << 16);
                    if (n != t.rows()) throw new IllegalStateException("COPY " + t.name() + ": " + n + " rows, expected " + t.rows());
                }
            }
            c.commit();
            return (System.nanoTime() - started) / 1e9;
        }
    }

    private static Out out(Map<String, Out> outs, Path dir, String table, String columns) {
        return outs.computeIfAbsent(table, t -> new Out(dir.resolve(t + ".copy"), columns));
    }

    private static String str(Object o) {
        if (o == null) return null;
        if (o instanceof java.math.BigDecimal d) return d.toPlainString();
        return o.toString();
    }

    /** One line of COPY text format: tab-separated, \N for null, backslash escapes. */
    private static void row(StringBuilder sb, String... values) {
        sb.setLength(0);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) sb.append('\t');
            String v = values[i];
            if (v == null) {
                sb.append("\\N");
                continue;
            }
            for (int k = 0; k < v.length(); k++) {
                char ch = v.charAt(k);
                switch (ch) {
                    case '\\' -> sb.append("\\\\");
                    case '\t' -> sb.append("\\t");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    default -> sb.append(ch);
                }
            }
        }
        sb.append('\n');
    }

    private static final class Out {
        final Path file;
        final String columns;
        final Writer w;
        long rows;

        Out(Path file, String columns) {
            this.file = file;
            this.columns = columns;
            try {
                this.w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        void add(StringBuilder line) {
            try {
                w.append(line);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            rows++;
        }

        void close() throws IOException {
            w.close();
        }
    }
}
