package io.guestlink.app;

import io.guestlink.testing.InProcessSftpServer;
import io.guestlink.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.guestlink.app.InboxImportIT.FEED;

/** The real routes polling a real in-process SFTP server (Apache SSHD, password login, virtual root in a temp dir). */
class SftpImportIT extends RemoteImportScenarios {
    @RegisterExtension
    final InProcessSftpServer sftp = new InProcessSftpServer();
    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws Exception {
        opera = sftp.folder("opera");
        t = TestApp.start(Files.createDirectories(tmp.resolve("app")), Map.of("test-res", FEED + "endpoint: '" + sftp.endpoint("opera") + "'\n"), Map.of());
    }

    @AfterEach
    void stop() {
        if (t != null) t.close();
    }
}
