package io.guestlink.app;

import io.guestlink.store.ImportJournal;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.guestlink.app.FtpImportTest.REJECT_REASON;
import static io.guestlink.app.FtpImportTest.ROWS_WITH_ONE_BAD;
import static io.guestlink.app.InboxImportTest.FEED;
import static io.guestlink.app.InboxImportTest.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

/** The real routes polling a real in-process SFTP server (Apache SSHD, password login, virtual root in a temp dir). */
class SftpImportTest extends RemoteImportScenarios {
    @TempDir
    Path tmp;
    Path root;
    SshServer server;

    @BeforeEach
    void start() throws Exception {
        root = Files.createDirectories(tmp.resolve("sftp/root"));
        opera = new FtpRemoteFolder(Files.createDirectories(root.resolve("opera")), Files.createDirectories(tmp.resolve("sftp/upload")));

        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(tmp.resolve("sftp/hostkey.ser")));
        server.setPasswordAuthenticator((user, password, session) -> "guestlink".equals(user) && "secret".equals(password));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();

        String endpoint = "sftp://guestlink@127.0.0.1:" + server.getPort()
                + "/opera?password=RAW(secret)&strictHostKeyChecking=no&useUserKnownHostsFile=false";
        t = TestApp.start(Files.createDirectories(tmp.resolve("app")), Map.of("test-res", FEED + "endpoint: '" + endpoint + "'\n"), Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (t != null) t.close();
        } finally {
            if (server != null) server.stop(true);
        }
    }
}
