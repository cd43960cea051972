package io.guestlink.testing;

import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    /** The Camel endpoint of a folder below the root; the test server's host key is not checked. */
    public String endpoint(String folder) {
        return "sftp://" + USER + "@127.0.0.1:" + server.getPort() + "/" + folder
                + "?password=RAW(" + PASSWORD + ")&strictHostKeyChecking=no&useUserKnownHostsFile=false";
    }
}
