package io.guestlink.app;

import io.guestlink.testing.InProcessFtpServer;
import io.guestlink.testing.RemoteFolder;
import io.guestlink.testing.TestApp;
import io.guestlink.store.ImportJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.guestlink.app.InboxImportIT.FEED;
import static io.guestlink.app.InboxImportIT.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

/** The real routes polling a real in-process FTP server (Apache MINA FtpServer, passive mode on loopback). */
class FtpImportIT extends RemoteImportScenarios {
    static final String ROWS_WITH_ONE_BAD = HEADER
            + "C1,G1,YU/MING MR,yu.ming@example.net,+66 81 234 5678,2025-06-08,2025-06-10,3500\n"
            + "C2,G2,SMITH/ANNA MS,anna@example.org,,2025-06-09,2025-06-08,1200\n"
            + "C3,G3,DOE/JOHN MR,,081-234-5678,2025-06-09,2025-06-11,1800\n";
    static final String REJECT_REASON = "3,reservation.departure,2025-06-08,departure before arrival 2025-06-09";

    @RegisterExtension
    final InProcessFtpServer ftp = new InProcessFtpServer();
    @TempDir
    Path tmp;
    Set<String> outsideBefore;

    @BeforeEach
    void start() throws Exception {
        outsideBefore = RemoteFolder.suspiciousNamesIn(ftp.root().getParent());
        opera = ftp.folder("opera");
        t = TestApp.start(Files.createDirectories(tmp.resolve("app")), Map.of("test-res", FEED + ftp.feedLines("opera")), Map.of(),
                ftp.env());
    }

    @AfterEach
    void stop() {
        if (t != null) t.close();
    }

    @Test
    void shouldKeepFileWithTraversalLookingNameInsideServerRoot() throws Exception {
        for (String name : List.of("res..csv", "a..%2F..%2Fevil.csv", "x..%2F..%2F..%2Fevil+100%.csv", "a&b=c#d (1).csv")) {
            opera.upload(name, ROWS_WITH_ONE_BAD.replace("C1,G1", "C1-" + name.length() + ",G1"));
            ImportJournal.FileSummary run = t.awaitRun("test-res", name);

            assertThat(run.status()).as(name).isEqualTo("DONE");
            assertThat(run.counts().rejected()).as(name).isEqualTo(1);
            Path archived = opera.awaitArchived(name);
            assertThat(archived.getParent()).isEqualTo(opera.dir.resolve(".done"));
            Path rejects = opera.awaitInDone(archived.getFileName() + ".rejects.csv");
            assertThat(Files.readString(rejects)).contains(REJECT_REASON);
        }
        assertThat(RemoteFolder.suspiciousNamesIn(ftp.root().getParent())).isEqualTo(outsideBefore);
        assertThat(RemoteFolder.namesIn(tmp)).containsExactly("app");
        assertThat(RemoteFolder.namesIn(ftp.root())).containsExactlyInAnyOrder("home", "upload");
        assertThat(RemoteFolder.namesIn(ftp.home())).containsExactly("opera");
        assertThat(RemoteFolder.namesIn(opera.dir)).containsExactly(".done");
        try (var all = Files.walk(ftp.root())) {
            assertThat(all.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().contains("evil")))
                    .allSatisfy(p -> assertThat(p.getParent()).isEqualTo(opera.dir.resolve(".done")));
        }
    }
}
