package io.guestlink.testing;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;

/**
 * A real SFTP server (Apache SSHD) on a free loopback port for each test, as a JUnit 5 extension: password login
 * {@code guestlink} / {@code secret}, a virtual root {@code <root>/root} in a temporary folder, stopped and removed
 * after the test (after the test's own {@code @AfterEach}, so the application stops first).
 */
public final class InProcessSftpServer implements BeforeEachCallback, AfterEachCallback {
    public static final String USER = "guestlink";
    public static final String PASSWORD = "secret";

    private Path root;
    private SshServer server;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        root = Files.createTempDirectory("guestlink-sftp");
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(root.resolve("hostkey.ser")));
        server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(Files.createDirectories(root.resolve("root"))));
        server.start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (server != null) server.stop(true);
        } finally {
            TempFolders.delete(root);
        }
    }

    /** A folder below the SFTP root, created, with uploads staged beside the root. */
    public RemoteFolder folder(String name) throws Exception {
        return new RemoteFolder(Files.createDirectories(root.resolve("root").resolve(name)), Files.createDirectories(root.resolve("upload")));
    }

    /** The variable the test feed names for the password (passwordEnv); {@link #env()} sets it. */
    public static final String PASSWORD_ENV = "GUESTLINK_TEST_SFTP_PASSWORD";

    /**
     * The feed file's lines for a folder below the root: the endpoint, the password's variable, and a known_hosts
     * file holding this server's host key (GuestLink checks it; the file lives beside the server's root).
     */
    public String feedLines(String folder) throws Exception {
        Path knownHosts = root.resolve("known_hosts");
        Files.writeString(knownHosts, knownHostsLine(hostKey()) + "\n");
        return feedLines(folder, knownHosts);
    }

    /** The same with the known_hosts file given. */
    public String feedLines(String folder, Path knownHosts) {
        return "endpoint: 'sftp://" + USER + "@127.0.0.1:" + server.getPort() + "/" + folder + "'\n"
                + "passwordEnv: " + PASSWORD_ENV + "\n"
                + "knownHosts: '" + knownHosts.toAbsolutePath() + "'\n";
    }

    /** The environment the application needs for {@link #feedLines}: the password. */
    public Map<String, String> env() {
        return Map.of(PASSWORD_ENV, PASSWORD);
    }

    /** The server's host key (what ssh-keyscan would print). */
    public PublicKey hostKey() throws Exception {
        return server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
    }

    /** Another key of the same type: what known_hosts holds when the server's key has changed (or another answers). */
    public PublicKey otherKeyOfTheSameType() throws Exception {
        PublicKey key = hostKey();
        String type = KeyUtils.getKeyType(key);
        return KeyUtils.generateKeyPair(type, KeyUtils.getKeySize(key)).getPublic();
    }

    /** A known_hosts line for this server (OpenSSH format, [host]:port as for any port but 22). */
    public String knownHostsLine(PublicKey key) {
        return "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(key);
    }
}
