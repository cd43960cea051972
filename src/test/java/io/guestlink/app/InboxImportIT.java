package io.guestlink.app;

import io.guestlink.testing.TestApp;
import io.guestlink.testing.Wait;
import io.guestlink.store.ImportJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The real routes from routes/ against a local inbox folder and an H2 file database. */
class InboxImportIT {
    static final String FEED = """
            id: test-res
            system: TESTPMS
            kind: reservation
            property: BKK01
            timeZone: Asia/Bangkok
            phoneRegion: TH
            currency: THB
            format:
              type: delimited
              delimiter: ","
            key: [CONF]
            fields:
              guest.key: GUEST_ID
              guest.name: { column: NAME, nameFormat: "LAST/FIRST TITLE" }
              guest.email: EMAIL
              guest.phone: PHONE
              reservation.confirmationNumber: CONF
              reservation.arrival: ARR
              reservation.departure: DEP
              reservation.rateAmount: RATE
            """;
    static final String HEADER = "CONF,GUEST_ID,NAME,EMAIL,PHONE,ARR,DEP,RATE\n";

    @TempDir
    Path tmp;
    TestApp t;

    @BeforeEach
    void start() throws Exception {
        t = TestApp.start(tmp, Map.of("test-res", FEED), Map.of());
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void shouldImportFileArchiveItAndWriteRejectsBesideIt() throws Exception {
        t.drop("test-res", "res1.csv", HEADER
                + "C1,G1,YU/MING MR,yu.ming@example.net,+66 81 234 5678,2025-06-08,2025-06-10,3500\n"
                + "C2,G2,SMITH/ANNA MS,anna@example.org,,2025-06-09,2025-06-08,1200\n"
                + "C3,G3,DOE/JOHN MR,,081-234-5678,2025-06-09,2025-06-11,1800\n");
        ImportJournal.FileSummary run = t.awaitRun("test-res", "res1.csv");

        assertThat(run.status()).isEqualTo("DONE");
        assertThat(run.counts().imported()).isEqualTo(2);
        assertThat(run.counts().rejected()).isEqualTo(1);
        // C3's phone is Mr. Yu's phone written the Thai local way; it is normalised to the same number, but a shared
        // phone alone does not make John Doe Mr. Yu: two profiles, both holding the number
        assertThat(t.app.profiles().byKey("PHONE:+66812345678")).isEqualTo(t.app.profiles().byKey("SRC:TESTPMS:G1"));
        assertThat(t.app.profiles().countLiveProfiles()).isEqualTo(2);
        assertThat(t.app.profiles().count("profile_contact")).isEqualTo(3);
        awaitFiles("test-res", "done", 2);
        assertThat(t.files("test-res", "done")).anySatisfy(p -> assertThat(p.getFileName().toString()).endsWith("-res1.csv"));
        Path rejects = t.files("test-res", "done").stream().filter(p -> p.toString().endsWith(".rejects.csv")).findFirst().orElseThrow();
        assertThat(Files.readString(rejects)).contains("3,reservation.departure,2025-06-08,departure before arrival 2025-06-09");
    }

    @Test
    void shouldChangeNothingWhenTheSameFileIsDroppedTwice() throws Exception {
        String content = HEADER + "C1,G1,YU/MING MR,yu.ming@example.net,,2025-06-08,2025-06-10,3500\n";
        t.drop("test-res", "night1.csv", content);
        t.awaitRun("test-res", "night1.csv");
        long records = t.app.profiles().count("source_record");
        long journalRows = t.app.profiles().count("import_row");

        t.drop("test-res", "night1-again.csv", content);
        ImportJournal.FileSummary again = t.awaitRun("test-res", "night1-again.csv");

        assertThat(again.status()).isEqualTo("DUPLICATE");
        assertThat(t.app.profiles().count("source_record")).isEqualTo(records);
        assertThat(t.app.profiles().count("import_row")).isEqualTo(journalRows);
        assertThat(t.app.profiles().count("stay")).isEqualTo(1);
    }

    @Test
    void shouldUpdateChangedRowsKeepHistoryAndLeaveUnchangedRowsAlone() throws Exception {
        t.drop("test-res", "n1.csv", HEADER
                + "C1,G1,YU/MING MR,,,2025-06-08,2025-06-10,3500\n"
                + "C2,G2,SMITH/ANNA MS,,,2025-06-09,2025-06-12,1200\n");
        t.awaitRun("test-res", "n1.csv");
        t.drop("test-res", "n2.csv", HEADER
                + "C1,G1,YU/MING MR,,,2025-06-08,2025-06-11,3500\n"
                + "C2,G2,SMITH/ANNA MS,,,2025-06-09,2025-06-12,1200\n");
        ImportJournal.FileSummary second = t.awaitRun("test-res", "n2.csv");

        assertThat(second.counts().updated()).isEqualTo(1);
        assertThat(second.counts().unchanged()).isEqualTo(1);
        assertThat(t.app.profiles().count("stay")).isEqualTo(2);
        assertThat(t.app.profiles().count("source_record_history")).isEqualTo(1);
    }

    @Test
    void shouldMoveFileWithWrongLayoutToFailedAndJournalWhy() throws Exception {
        t.drop("test-res", "wrong.csv", "A,B\n1,2\n");
        ImportJournal.FileSummary run = t.awaitRun("test-res", "wrong.csv");

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.error()).contains("missing columns").contains("CONF");
        awaitFiles("test-res", "failed", 1);
        assertThat(t.app.profiles().count("source_record")).isZero();
    }

    @Test
    void shouldWaitForAFileThatIsStillBeingWritten() throws Exception {
        Path dir = Files.createDirectories(t.inbox.resolve("test-res"));
        Path file = dir.resolve("slow.csv");
        // a PMS writing its export slowly, straight under the final name: the route must not take half a file
        try (var out = Files.newBufferedWriter(file)) {
            out.write(HEADER);
            for (int i = 1; i <= 20; i++) {
                out.write("S" + i + ",G" + i + ",SLOW/GUEST" + i + " MR,,,2025-06-08,2025-06-10,100\n");
                out.flush();
                Thread.sleep(120);
            }
        }
        ImportJournal.FileSummary run = t.awaitRun("test-res", "slow.csv");

        assertThat(run.counts().imported()).isEqualTo(20);
        assertThat(t.app.journal().recentRuns(50)).filteredOn(r -> r.fileName().equals("slow.csv")).hasSize(1);
    }

    private void awaitFiles(String feed, String sub, int n) throws Exception {
        Wait.until(n + " files in " + feed + "/" + sub, Duration.ofSeconds(10), () -> t.files(feed, sub).size() >= n,
                () -> "there: " + t.files(feed, sub));
    }
}
