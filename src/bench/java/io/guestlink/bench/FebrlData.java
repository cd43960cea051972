package io.guestlink.bench;

import io.guestlink.identity.IdDocumentHasher;
import io.guestlink.identity.PlaceholderList;
import io.guestlink.identity.match.Deduplicator;
import io.guestlink.identity.match.Linker;
import io.guestlink.identity.match.PersonRecord;
import io.guestlink.identity.names.ComparableName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * FEBRL files (see src/test/resources/data/README.md): the separator is ", ", every field is trimmed and read as text
 * (postcodes keep leading zeros), invalid dates become null, and rec-N-org / rec-N-dup-k give the truth (person N).
 */
final class FebrlData {

    /** One FEBRL row: its raw columns (for Duke) and the comparable record (for us). */
    record Row(String id, String entity, Map<String, String> raw, PersonRecord person) {
    }

    static final List<String> COLUMNS = List.of("rec_id", "given_name", "surname", "street_number", "address_1", "address_2",
            "suburb", "postcode", "state", "date_of_birth", "soc_sec_id");

    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

    private FebrlData() {
    }

    static List<Row> load(Path file) {
        List<String> lines;
        try {
            // the repository keeps them gzip-compressed (dataset1.csv.gz); a folder of plain copies works too
            Path gz = file.resolveSibling(file.getFileName() + ".gz");
            if (!Files.exists(file) && Files.exists(gz)) {
                try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(
                        new java.util.zip.GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
                    lines = in.lines().toList();
                }
            } else {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Row> rows = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) continue;
            String[] cells = line.split(",", -1);
            if (cells.length != COLUMNS.size()) throw new IllegalStateException(file + ":" + (n + 1) + ": " + cells.length + " columns");
            Map<String, String> raw = new HashMap<>();
            for (int c = 0; c < cells.length; c++) raw.put(COLUMNS.get(c), cells[c].strip());
            String id = raw.get("rec_id");
            rows.add(new Row(id, entity(id), raw, person(raw)));
        }
        return rows;
    }

    /** rec-552-dup-3 -> 552; rec-1496-org -> 1496. */
    static String entity(String id) {
        String[] p = id.split("-");
        return p[1];
    }

    /**
     * The number stays as written (FEBRL's are no secret, and the values of unknown kind keep their behaviour); its
     * near keys are made as the importer makes them, with a fixed bench key.
     */
    private static final IdDocumentHasher NEAR = new IdDocumentHasher(
            "febrl-bench-key-not-a-secret".getBytes(StandardCharsets.UTF_8), PlaceholderList.defaults());

    static PersonRecord person(Map<String, String> raw) {
        String given = name(raw.get("given_name")), family = name(raw.get("surname"));
        List<ComparableName> names = given.isEmpty() && family.isEmpty() ? List.of() : List.of(new ComparableName(family, given));
        String number = upper(raw.get("street_number"));
        String address = String.join(" ", List.of(number, upper(raw.get("address_1")), upper(raw.get("address_2")))).strip().replaceAll(" +", " ");
        String ssn = raw.get("soc_sec_id");
        return new PersonRecord(raw.get("rec_id"), names, date(raw.get("date_of_birth")), null, Set.of(), Set.of(),
                ssn.isEmpty() ? Set.of() : Set.of(PersonRecord.withNear("SSN:" + ssn, NEAR.near("SSN", ssn))),
                emptyToNull(raw.get("postcode")), emptyToNull(address),
                emptyToNull(upper(raw.get("suburb"))));
    }

    static LocalDate date(String s) {
        if (s == null || s.isEmpty()) return null;
        try {
            LocalDate d = LocalDate.parse(s, YYYYMMDD);
            if (d.equals(LocalDate.of(1900, 1, 1)) || d.isAfter(LocalDate.now())) return null;
            return d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String name(String s) {
        return upper(s).replaceAll("[^A-Z ]", " ").strip().replaceAll(" +", " ");
    }

    private static String upper(String s) {
        return s == null ? "" : s.strip().toUpperCase(Locale.ROOT);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static List<PersonRecord> persons(List<Row> rows) {
        List<PersonRecord> out = new ArrayList<>(rows.size());
        for (Row r : rows) out.add(r.person());
        return out;
    }

    // ---- truth and metrics ---------------------------------------------------------------------------------------

    /** Pairwise precision/recall over all true pairs (pairs never proposed count as misses). */
    record Metrics(long truePairs, long predicted, long correct) {
        double precision() {
            return predicted == 0 ? 1.0 : (double) correct / predicted;
        }

        double recall() {
            return truePairs == 0 ? 1.0 : (double) correct / truePairs;
        }

        double f1() {
            double p = precision(), r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    static long truePairs(List<Row> rows) {
        Map<String, Integer> sizes = new HashMap<>();
        for (Row r : rows) sizes.merge(r.entity(), 1, Integer::sum);
        long n = 0;
        for (int s : sizes.values()) n += (long) s * (s - 1) / 2;
        return n;
    }

    /** Dedup metrics over the pairs implied by the clusters. */
    static Metrics dedupMetrics(List<Row> rows, List<List<String>> clusters) {
        Map<String, String> entity = new HashMap<>();
        for (Row r : rows) entity.put(r.id(), r.entity());
        long predicted = 0, correct = 0;
        for (List<String> c : clusters) {
            predicted += (long) c.size() * (c.size() - 1) / 2;
            Map<String, Integer> byEntity = new HashMap<>();
            for (String id : c) byEntity.merge(entity.get(id), 1, Integer::sum);
            for (int s : byEntity.values()) correct += (long) s * (s - 1) / 2;
        }
        return new Metrics(truePairs(rows), predicted, correct);
    }

    /** Linkage metrics: true pairs are left x right rows of one entity. */
    static Metrics linkMetrics(List<Row> left, List<Row> right, List<String[]> links) {
        Map<String, String> entity = new HashMap<>();
        for (Row r : left) entity.put("L" + r.id(), r.entity());
        for (Row r : right) entity.put("R" + r.id(), r.entity());
        Map<String, Integer> rightCount = new HashMap<>();
        for (Row r : right) rightCount.merge(r.entity(), 1, Integer::sum);
        long truePairs = 0;
        for (Row l : left) truePairs += rightCount.getOrDefault(l.entity(), 0);
        Set<String> seen = new HashSet<>();
        long correct = 0;
        for (String[] link : links) {
            if (!seen.add(link[0] + "\u0000" + link[1])) continue;
            if (entity.get("L" + link[0]).equals(entity.get("R" + link[1]))) correct++;
        }
        return new Metrics(truePairs, seen.size(), correct);
    }

    static List<String[]> links(Linker.Result result) {
        List<String[]> out = new ArrayList<>();
        for (Linker.Link l : result.links()) out.add(new String[]{l.left(), l.right()});
        return out;
    }

    static List<List<String>> clusters(Deduplicator.Result result) {
        return result.clusters();
    }
}
