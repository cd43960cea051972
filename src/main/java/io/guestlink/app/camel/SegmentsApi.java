package io.guestlink.app.camel;

import io.guestlink.memory.MemoryConfig;
import io.guestlink.memory.Segments;
import io.guestlink.model.ConsentPurpose;
import io.guestlink.pipeline.GuestDirectory;
import io.guestlink.store.SegmentQueries;
import org.apache.camel.Exchange;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * Segments over HTTP, from the memory the worker keeps: the counts per property ({@code guestlink segments}) and the
 * guests a filter selects ({@code segments --lapsed --birthday-within 7 ...}), as JSON pages or as CSV (Commons CSV)
 * for a mailing tool. A list names guests, so each one read is audited (by what and how many, never a name).
 */
public final class SegmentsApi {
    /** A CSV export is at most this many guests; {@code X-More: true} says more follow (page on with offset). */
    static final int MAX_CSV = 100_000;
    static final List<String> CSV_COLUMNS = List.of("profileId", "name", "property", "lifecycle", "stays", "lastDeparture",
            "lapsedOn", "birthday", "vip", "rfm", "lifetimeValue");

    private final SegmentQueries segments;
    private final GuestDirectory directory;

    SegmentsApi(SegmentQueries segments, GuestDirectory directory) {
        this.segments = segments;
        this.directory = directory;
    }

    /** GET /segments?asOf=&property=: guests per property by lifecycle, VIP and RFM score. */
    public void counts(Exchange e) {
        LocalDate asOf = ApiParams.date(e, "asOf", LocalDate.now());
        String property = ApiParams.text(e, "property");
        ApiParams.Paging p = ApiParams.paging(e);
        List<SegmentQueries.Counts> all = segments.counts(asOf).stream()
                .filter(c -> property == null || property.equals(c.property()) || MemoryConfig.ANY.equals(c.property())).toList();
        ApiResponses.ok(e, OperationsApi.page(all.subList(Math.min(p.offset(), all.size()),
                Math.min(all.size(), p.offset() + p.limit() + 1)), p));
    }

    /** GET /segments/guests?lapsed=&lifecycle=&vip=&birthdayWithin=&property=&asOf= (JSON, or CSV with format=csv). */
    public void guests(Exchange e) {
        LocalDate asOf = ApiParams.date(e, "asOf", LocalDate.now());
        boolean lapsed = flag(e, "lapsed");
        Segments.Lifecycle lifecycle = lifecycle(e);
        if (lapsed && lifecycle != null && lifecycle != Segments.Lifecycle.LAPSED)
            throw ApiProblem.badInput("lifecycle", "lapsed and lifecycle " + lifecycle + " contradict");
        Boolean vip = flag(e, "vip") ? Boolean.TRUE : null;
        Integer birthdayWithin = birthdayWithin(e);
        String property = ApiParams.text(e, "property");
        boolean csv = csv(e);
        int offset = ApiParams.paging(e).offset();
        int limit = csv && ApiParams.text(e, "limit") == null ? MAX_CSV : ApiParams.paging(e).limit();
        String consent = ApiParams.text(e, "consent");
        ConsentPurpose purpose = consent == null ? null : ConsentPurpose.of(consent).orElseThrow(() ->
                ApiProblem.badInput("consent", "consent must be one of " + ConsentPurpose.codes()));
        SegmentQueries.Filter f = new SegmentQueries.Filter(property, lapsed ? Segments.Lifecycle.LAPSED : lifecycle, vip,
                birthdayWithin, purpose);
        List<SegmentQueries.Listed> rows = segments.list(f, asOf, offset + limit + 1);
        List<SegmentQueries.Listed> page = rows.subList(Math.min(offset, rows.size()), Math.min(rows.size(), offset + limit));
        boolean more = rows.size() > offset + limit;
        directory.note(ApiAccess.principal(e).name(), "SEGMENT_LIST", null, property == null ? "*" : property,
                describe(f, asOf) + ": " + page.size() + " listed" + (csv ? " as CSV" : ""));
        if (!csv) {
            ApiResponses.ok(e, new GuestDirectory.Page<>(page, offset, limit, more));
            return;
        }
        ApiResponses.text(e, 200, "text/csv", csv(page));
        e.getMessage().setHeader("Content-Disposition", "attachment; filename=\"guests-" + asOf + ".csv\"");
        e.getMessage().setHeader("X-More", Boolean.toString(more));
    }

    /** The guests as CSV with a header line; a name a spreadsheet would run as a formula is quoted with a leading '. */
    static String csv(List<SegmentQueries.Listed> rows) {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(CSV_COLUMNS.toArray(String[]::new)).get())) {
            for (SegmentQueries.Listed g : rows)
                p.printRecord(g.profileId(), formulaSafe(g.name()), g.property(), g.lifecycle(), g.stays(), g.lastDeparture(),
                        g.lapsedOn(), g.birthday() == null ? null : String.format(Locale.ROOT, "%02d-%02d", g.birthday() / 100,
                                g.birthday() % 100), g.vip(), g.rfm(), g.lifetimeValue());
        } catch (IOException x) {
            throw new UncheckedIOException("cannot write the guests as CSV", x);
        }
        return out.toString();
    }

    private static String formulaSafe(String s) {
        return s != null && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    }

    private static String describe(SegmentQueries.Filter f, LocalDate asOf) {
        StringBuilder sb = new StringBuilder("as of " + asOf);
        if (f.lifecycle() != null) sb.append(", lifecycle ").append(f.lifecycle());
        if (f.vip() != null) sb.append(", vip");
        if (f.birthdayWithinDays() != null) sb.append(", birthday within ").append(f.birthdayWithinDays()).append(" days");
        if (f.consent() != null) sb.append(", consent ").append(f.consent().code());
        return sb.toString();
    }

    private static boolean csv(Exchange e) {
        String format = ApiParams.text(e, "format");
        if (format != null && !format.equals("csv") && !format.equals("json"))
            throw ApiProblem.badInput("format", "format must be json or csv");
        if (format != null) return format.equals("csv");
        String accept = e.getMessage().getHeader("Accept", String.class);
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
    }

    private static boolean flag(Exchange e, String name) {
        String v = ApiParams.text(e, name);
        if (v == null || v.isBlank() || v.equals("false")) return false;
        if (v.equals("true")) return true;
        throw ApiProblem.badInput(name, name + " must be true or false");
    }

    private static Segments.Lifecycle lifecycle(Exchange e) {
        String v = ApiParams.text(e, "lifecycle");
        if (v == null || v.isBlank()) return null;
        try {
            return Segments.Lifecycle.valueOf(v.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException x) {
            throw ApiProblem.badInput("lifecycle", "lifecycle must be one of " + List.of(Segments.Lifecycle.values()));
        }
    }

    private static Integer birthdayWithin(Exchange e) {
        String v = ApiParams.text(e, "birthdayWithin");
        if (v == null || v.isBlank()) return null;
        if (!v.strip().matches("\\d{1,3}") || Integer.parseInt(v.strip()) < 1 || Integer.parseInt(v.strip()) > 366)
            throw ApiProblem.badInput("birthdayWithin", "birthdayWithin must be a whole number from 1 to 366");
        return Integer.parseInt(v.strip());
    }
}
