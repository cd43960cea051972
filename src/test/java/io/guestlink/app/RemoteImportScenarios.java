package io.guestlink.app;

import io.guestlink.testing.TestApp;
import io.guestlink.store.ImportJournal;
import io.guestlink.testing.RemoteFolder;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.guestlink.app.FtpImportIT.REJECT_REASON;
import static io.guestlink.app.FtpImportIT.ROWS_WITH_ONE_BAD;
import static io.guestlink.app.InboxImportIT.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every remote feed must do, whatever the protocol: the FTP and SFTP test classes start their real server,
 * set {@link #t} and {@link #opera}, and inherit these scenarios.
 */
abstract class RemoteImportScenarios {
    TestApp t;
    RemoteFolder opera;

    @Test
    void shouldImportFromServerAndArchiveWithRejectsBesideIt() throws Exception {
        opera.upload("res1.csv", ROWS_WITH_ONE_BAD);
        ImportJournal.FileSummary run = t.awaitRun("test-res", "res1.csv");

        assertThat(run.status()).isEqualTo("DONE");
        assertThat(run.counts().imported()).isEqualTo(2);
        assertThat(run.counts().rejected()).isEqualTo(1);
        assertThat(t.app.profiles().byKey("SRC:TESTPMS:G1")).isPresent();
        assertThat(t.app.profiles().byKey("PHONE:+66812345678")).isEqualTo(t.app.profiles().byKey("SRC:TESTPMS:G1"));

        Path archived = opera.awaitArchived("res1.csv");
        assertThat(Files.readString(archived)).isEqualTo(ROWS_WITH_ONE_BAD);
        Path rejects = opera.awaitInDone(archived.getFileName() + ".rejects.csv");
        assertThat(Files.readString(rejects)).contains(REJECT_REASON);
        assertThat(opera.dir.resolve("res1.csv")).doesNotExist();
        assertThat(opera.failed()).isEmpty();
    }


    @Test
    void shouldJournalSameContentUnderAnotherNameAsDuplicate() throws Exception {
        String content = HEADER + "C1,G1,YU/MING MR,yu.ming@example.net,,2025-06-08,2025-06-10,3500\n";
        opera.upload("night1.csv", content);
        assertThat(t.awaitRun("test-res", "night1.csv").status()).isEqualTo("DONE");
        opera.awaitArchived("night1.csv");
        long records = t.app.profiles().count("source_record");

        opera.upload("night1-again.csv", content);
        ImportJournal.FileSummary again = t.awaitRun("test-res", "night1-again.csv");

        assertThat(again.status()).isEqualTo("DUPLICATE");
        assertThat(t.app.profiles().count("source_record")).isEqualTo(records);
        opera.awaitArchived("night1-again.csv");
        assertThat(opera.done()).noneMatch(p -> p.getFileName().toString().endsWith(".rejects.csv"));
    }

}
