package io.guestlink.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.guestlink.app.GuestLink;
import io.guestlink.pipeline.IdentityDesk;
import io.guestlink.store.ReviewQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code guestlink review}: the possible duplicates waiting for a decision, in the order to work them (what a decision
 * is worth, grouped per guest), each with both sides' names and masked keys, the evidence per field and why it was
 * not merged; the total first.
 */
@Command(name = "review", description = "List possible duplicates waiting for a decision: the total per reason, then "
        + "the pairs in the order to work them, grouped per guest, with names, masked keys, evidence and reason.")
final class ReviewCommand extends GuestLinkCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--limit", defaultValue = "50", description = "pairs to list (default: ${DEFAULT-VALUE})")
    int limit;
    @Option(names = "--offset", defaultValue = "0", description = "pairs to skip, for the next page")
    int offset;

    @Override
    void check() {
        if (limit < 0 || offset < 0) throw new IllegalArgumentException("--limit and --offset must not be negative");
    }

    @Override
    int run(GuestLink app) {
        IdentityDesk.ReviewPage page = app.desk().reviewQueue(offset, limit);
        PrintStream out = out();
        out.printf("review queue: %d pairs waiting for a person, %d guests%n", page.total(), page.guests());
        if (!page.byReason().isEmpty()) out.println("  by reason: " + page.byReason().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(" · ")));
        Long group = null;
        for (IdentityDesk.ReviewItem r : page.items()) {
            if (group == null || group != r.group().guest()) {
                group = r.group().guest();
                out.printf("%nguest %d %s: %d open%n", group, name(r.group().displayName()), r.group().open());
            }
            out.printf(Locale.ROOT, "  #%d  review %d  value %.2f  p %.2f  score %.2f  %s%n", r.rank(), r.id(), r.value(),
                    r.probability(), r.score(), r.reasonKind());
            if (r.reason() != null) out.println("      why not merged: " + r.reason());
            side(out, "A", r.a());
            side(out, "B", r.b());
            evidence(out, r.evidence());
        }
        if (page.more()) out.printf("%nmore: review --offset %d --limit %d%n", page.offset() + page.items().size(), page.limit());
        out.println();
        out.println("decide: guestlink decide REVIEW_ID same|distinct");
        return 0;
    }

    private static String name(String n) {
        return n == null || n.isBlank() ? "(no name)" : n;
    }

    private static void side(PrintStream out, String label, ReviewQueue.Side s) {
        if (s == null) {
            out.printf("      %s  (erased)%n", label);
            return;
        }
        out.printf("      %s  profile %d%s  %s  keys: %s%n", label, s.profile(), s.guest() == s.profile() ? "" : " (guest " + s.guest() + ")",
                s.names().isEmpty() ? name(s.displayName()) : String.join(" / ", s.names()),
                s.keys().isEmpty() ? "-" : s.keys().stream().map(k -> k.type() + " " + k.value()).collect(Collectors.joining(", ")));
    }

    /** The stored comparison, one line per field compared (missing fields weigh 0 and are left out). */
    private static void evidence(PrintStream out, String evidence) {
        JsonNode fields;
        try {
            fields = evidence == null ? null : JSON.readTree(evidence);
        } catch (Exception e) {
            fields = null;
        }
        if (fields == null || !fields.isArray()) {
            out.println("      evidence: " + (evidence == null ? "-" : evidence));
            return;
        }
        for (JsonNode f : fields) {
            if ("MISSING".equals(f.path("level").asText())) continue;
            out.printf(Locale.ROOT, "        %-10s %-10s %+7.2f  %s%n", f.path("field").asText(), f.path("level").asText(),
                    f.path("weight").asDouble(), f.path("note").asText(""));
        }
    }
}
