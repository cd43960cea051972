package io.guestlink.alert;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;

/**
 * A daily list as CSV (RFC 4180, UTF-8, header row), one row per alert, sorted by family name: what a briefing
 * sheet or a marketing tool imports. The recognition card is in its one-line text form.
 */
public final class DailyListCsv {
    public static final List<String> COLUMNS = List.of("alert_id", "rule", "audience", "property", "business_date",
            "profile_id", "name", "salutation", "language", "vip", "stay_number", "last_stay", "confirmation", "room",
            "arrival", "departure", "birthday_this_stay", "consented_to", "card");

    private DailyListCsv() {
    }

    /** File name of a list: {@code <rule>_<property>_<business date>.csv}. */
    public static String fileName(Alert a) {
        return a.listKey().replaceAll("[^A-Za-z0-9._-]", "-") + ".csv";
    }

    private static String sortName(Alert a) {
        String family = a.guest() == null ? null : a.guest().family();
        return (family != null ? family : a.card().name()).toUpperCase(java.util.Locale.ROOT);
    }

    public static String write(List<Alert> alerts) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(COLUMNS.toArray(String[]::new)).get())) {
            for (Alert a : alerts.stream().sorted(Comparator.comparing(DailyListCsv::sortName).thenComparing(Alert::id)).toList()) {
                var c = a.card();
                var s = a.stay();
                p.printRecord(a.id(), a.rule(), a.audience(), a.property(), a.businessDate(), a.profileId(), c.name(),
                        c.salutation(), c.language(), c.vip(), c.stayNumber(), c.lastStay(),
                        s == null ? null : s.confirmation(), s == null ? null : s.room(),
                        s == null ? null : s.arrival(), s == null ? null : s.departure(), c.birthdayThisStay(),
                        String.join(" ", a.consentedTo()), a.text());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
