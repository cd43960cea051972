package io.guestlink.testing;

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
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real FTP server (Apache MINA FtpServer) on loopback for each test, as a JUnit 5 extension: control and passive
 * data ports are free ports, user {@code guestlink} / {@code secret}, home {@code <root>/home} in a temporary folder,
 * stopped and removed after the test (after the test's own {@code @AfterEach}, so the application stops first).
 */
public final class InProcessFtpServer implements BeforeEachCallback, AfterEachCallback {
    public static final String USER = "guestlink";
    public static final String PASSWORD = "secret";

    private Path root;
    private FtpServer server;
    private int port;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        root = Files.createTempDirectory("guestlink-ftp");
        Path home = Files.createDirectories(root.resolve("home"));
        PropertiesUserManagerFactory users = new PropertiesUserManagerFactory();
        users.setPasswordEncryptor(new ClearTextPasswordEncryptor());
        UserManager userManager = users.createUserManager();
        BaseUser user = new BaseUser();
        user.setName(USER);
        user.setPassword(PASSWORD);
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
        port = ((DefaultFtpServer) server).getListener("default").getPort();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (server != null) server.stop();
        } finally {
            TempFolders.delete(root);
        }
    }

    /** The temporary folder holding {@code home/} (the FTP root) and {@code upload/} (staging for uploads). */
    public Path root() {
        return root;
    }

    public Path home() {
        return root.resolve("home");
    }

    /** A folder below the FTP home, created, with uploads staged beside the home. */
    public RemoteFolder folder(String name) throws Exception {
        return new RemoteFolder(Files.createDirectories(home().resolve(name)), Files.createDirectories(root.resolve("upload")));
    }

    /** The variable the test feed names for the password (passwordEnv); {@link #env()} sets it. */
    public static final String PASSWORD_ENV = "GUESTLINK_TEST_FTP_PASSWORD";

    /** The feed file's lines for a folder below the home: the endpoint (passive mode), the password's variable. */
    public String feedLines(String folder) {
        return "endpoint: 'ftp://" + USER + "@127.0.0.1:" + port + "/" + folder + "?passiveMode=true'\n"
                + "passwordEnv: " + PASSWORD_ENV + "\n";
    }

    /** The environment the application needs for {@link #feedLines}: the password. */
    public Map<String, String> env() {
        return Map.of(PASSWORD_ENV, PASSWORD);
    }
}
