package io.guestlink.app;

import io.guestlink.store.ImportJournal;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.ClearTextPasswordEncryptor;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.guestlink.app.InboxImportTest.FEED;
import static io.guestlink.app.InboxImportTest.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

/** The real routes polling a real in-process FTP server (Apache MINA FtpServer, passive mode on loopback). */
class FtpImportTest extends RemoteImportScenarios {
    static final String ROWS_WITH_ONE_BAD = HEADER
            + "C1,G1,YU/MING MR,yu.ming@example.net,+66 81 234 5678,2025-06-08,2025-06-10,3500\n"
            + "C2,G2,SMITH/ANNA MS,anna@example.org,,2025-06-09,2025-06-08,1200\n"
            + "C3,G3,DOE/JOHN MR,,081-234-5678,2025-06-09,2025-06-11,1800\n";
    static final String REJECT_REASON = "3,reservation.departure,2025-06-08,departure before arrival 2025-06-09";

    @TempDir
    Path tmp;
    Path home;
    FtpServer server;
    Set<String> outsideBefore;

    @BeforeEach
    void start() throws Exception {
        outsideBefore = FtpRemoteFolder.suspiciousNamesIn(tmp.getParent());
        home = Files.createDirectories(tmp.resolve("ftp/home"));
        opera = new FtpRemoteFolder(Files.createDirectories(home.resolve("opera")), Files.createDirectories(tmp.resolve("ftp/upload")));
        int port = startServer();
        String endpoint = "ftp://guestlink@127.0.0.1:" + port + "/opera?password=RAW(secret)&passiveMode=true";
        t = TestApp.start(Files.createDirectories(tmp.resolve("app")), Map.of("test-res", FEED + "endpoint: '" + endpoint + "'\n"), Map.of());
    }

    private int startServer() throws Exception {
        PropertiesUserManagerFactory users = new PropertiesUserManagerFactory();
        users.setPasswordEncryptor(new ClearTextPasswordEncryptor());
        UserManager userManager = users.createUserManager();
        BaseUser user = new BaseUser();
        user.setName("guestlink");
        user.setPassword("secret");
        user.setHomeDirectory(home.toString());
        user.setAuthorities(List.of(new WritePermission()));
        userManager.save(user);

        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassiveAddress("127.0.0.1");
        data.setPassiveExternalAddress("127.0.0.1");
        data.setPassivePorts("0"); // any free port
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(0);
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());

        FtpServerFactory factory = new FtpServerFactory();
        factory.setUserManager(userManager);
        factory.addListener("default", listener.createListener());
        server = factory.createServer();
        server.start();
        return ((DefaultFtpServer) server).getListener("default").getPort();
    }

    @AfterEach
    void stop() {
        try {
            if (t != null) t.close();
        } finally {
            if (server != null) server.stop();
        }
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
        assertThat(FtpRemoteFolder.suspiciousNamesIn(tmp.getParent())).isEqualTo(outsideBefore);
        assertThat(FtpRemoteFolder.namesIn(tmp)).containsExactlyInAnyOrder("ftp", "app");
        assertThat(FtpRemoteFolder.namesIn(tmp.resolve("ftp"))).containsExactlyInAnyOrder("home", "upload");
        assertThat(FtpRemoteFolder.namesIn(home)).containsExactly("opera");
        assertThat(FtpRemoteFolder.namesIn(opera.dir)).containsExactly(".done");
        try (var all = Files.walk(tmp)) {
            assertThat(all.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().contains("evil")))
                    .allSatisfy(p -> assertThat(p.getParent()).isEqualTo(opera.dir.resolve(".done")));
        }
    }
}
