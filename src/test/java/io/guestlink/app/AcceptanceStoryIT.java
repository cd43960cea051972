package io.guestlink.app;

import io.guestlink.testing.TestApp;
import io.guestlink.app.cli.DemoCommand;
import io.guestlink.memory.RecognitionCard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance story (../shared/docs/product.md) from raw files to the recognition card, through the real
 * application: the shipped feed files, the demo exports dropped into the inbox the way a night audit would, the
 * real routes, the identity worker, and the guest-memory domain.
 */
class AcceptanceStoryIT {
    @TempDir
    Path tmp;
    TestApp t;

    @AfterEach
    void close() {
        if (t != null) t.close();
    }

    @Test
    void mrYuComesBackAYearLaterAndTheCafeKnowsHisUsualBreakfast() throws Exception {
        Map<String, String> feeds = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(Path.of("config/sources"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                feeds.put(f.getFileName().toString().replace(".yaml", ""), Files.readString(f));
            }
        }
        t = TestApp.start(tmp, feeds, Map.of());
        for (String feed : List.of("opera-reservations", "cn-pms-guests", "night-audit-folio", "pos-tickets")) {
            try (Stream<Path> files = Files.list(Path.of("src/main/resources/demo", feed))) {
                for (Path f : files.filter(p -> !p.toString().endsWith(".txt")).toList()) {
                    t.drop(feed, f.getFileName().toString(), Files.readAllBytes(f));
                    assertThat(t.awaitRun(feed, f.getFileName().toString()).status()).isEqualTo("DONE");
                }
            }
        }
        t.app.linking().drain();

        long yu = t.app.profiles().byKey(DemoCommand.STORY_KEY).orElseThrow();
        assertThat(t.app.profiles().byKey("SRC:CNPMS:G0008812")).as("于明 from the Chinese PMS is Mr. Yu").contains(yu);
        RecognitionCard card = t.app.memory().card(yu, LocalDate.of(2026, 6, 15)).orElseThrow();
        assertThat(card.toText()).contains("Mr. Yu").contains("于先生").contains("2nd stay").contains("last stay Jun 2025")
                .contains("CAFE breakfast: table W2").contains("Club Sandwich + Coffee + Fried Egg")
                .contains("prefers high floor, feather-free pillow");
        assertThat(card.toJson()).contains("W2");
        // the preferences OPERA recorded on his 2025 stay, with their source and when they were last seen
        assertThat(card.preferences()).contains(new RecognitionCard.Preference("pillow", "feather-free pillow", "OPERA",
                LocalDate.of(2025, 6, 8), null));

        // the memory kept up to date as the records landed equals a rebuild from scratch
        t.app.remembering().drain();
        String[] incremental = t.app.remembering().stored(yu);
        assertThat(incremental).as("Mr. Yu's memory was kept as his records landed").isNotNull();
        assertThat(incremental[1]).contains("W2").contains("Club Sandwich");
        assertThat(t.app.remembering().handled().records()).as("records applied one by one to kept summaries").isPositive();
        Map<Long, String> before = memories();
        assertThat(before).hasSize((int) t.app.profiles().countLiveProfiles());
        // his segments: one stay so far (the other is booked), born on March 14
        assertThat(before.get(yu)).contains("\"*\" | \"FIRST_TIMER\" | \"1\"").contains("\"314\"");
        assertThat(t.app.remembering().rebuildAll()).isEqualTo(t.app.profiles().countLiveProfiles());
        assertThat(t.app.remembering().stored(yu)).containsExactly(incremental);
        assertThat(memories()).as("every profile: rebuild equals the incremental state").isEqualTo(before);
    }

    Map<Long, String> memories() throws java.sql.SQLException {
        Map<Long, String> out = new java.util.TreeMap<>();
        try (var c = t.app.database().connection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT profile_id, rollup_json, usual_json, summary_json, config_hash FROM profile_memory")) {
            while (rs.next()) out.put(rs.getLong(1), rs.getString(2) + rs.getString(3) + rs.getString(4) + rs.getString(5));
        }
        // and its segment rows, as the lists read them
        try (var c = t.app.database().connection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT profile_id, property, lifecycle, stays, last_departure, in_house, lapsed_on, "
                     + "frequency, monetary, lifetime_value, ltv_complete, vip, birthday FROM profile_segment ORDER BY profile_id, property")) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 2; i <= 13; i++) row.append(" | \"").append(rs.getString(i)).append('"');
                out.merge(rs.getLong(1), row.toString(), String::concat);
            }
        }
        return out;
    }
}
