package io.guestlink.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.guestlink.app.camel.RemotePollStrategy;
import io.guestlink.config.ConfigurationException;
import io.guestlink.testing.InProcessSftpServer;
import io.guestlink.testing.TestApp;
import io.guestlink.testing.Wait;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.guestlink.app.FtpImportIT.ROWS_WITH_ONE_BAD;
import static io.guestlink.app.InboxImportIT.FEED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real routes polling a real in-process SFTP server (Apache SSHD, password login, virtual root in a temp dir),
 * its host key checked against a known_hosts file: every inherited scenario runs with the server's key known.
 */
class SftpImportIT extends RemoteImportScenarios {
    @RegisterExtension
    final InProcessSftpServer sftp = new InProcessSftpServer();
    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws Exception {
        opera = sftp.folder("opera");
        t = TestApp.start(Files.createDirectories(tmp.resolve("app")), Map.of("test-res", FEED + sftp.feedLines("opera")),
                Map.of(), sftp.env());
    }

    @AfterEach
    void stop() {
        if (t != null) t.close();
    }

    /**
     * The server answers with another key than known_hosts holds for it (its key changed, or another machine took
     * its address): nothing is downloaded or journaled, the file stays where the PMS put it, and the consumer's
     * error (log and readiness check) says why.
     */
    @Test
    void shouldRefuseAChangedHostKeyAndLeaveTheFileOnTheServer() throws Exception {
        t.close();
        t = null;
        Path knownHosts = tmp.resolve("changed_known_hosts");
        Files.writeString(knownHosts, sftp.knownHostsLine(sftp.otherKeyOfTheSameType()) + "\n");
        Logger camel = (Logger) LoggerFactory.getLogger("io.guestlink");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        camel.addAppender(log);
        try {
            t = TestApp.start(Files.createDirectories(tmp.resolve("app2")),
                    Map.of("test-res", FEED + sftp.feedLines("opera", knownHosts)), Map.of(), sftp.env());
            opera.upload("res1.csv", ROWS_WITH_ONE_BAD);

            String refusal = Wait.forValue("the host key refused in the log", Duration.ofSeconds(20),
                    () -> List.copyOf(log.list).stream().map(e -> e.getFormattedMessage()
                                    + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
                            .filter(m -> m.contains("HostKey has been changed")).findFirst().orElse(null),
                    () -> "log: " + List.copyOf(log.list).stream().map(ILoggingEvent::getFormattedMessage).toList());
            assertThat(refusal).contains("route import-test-res: cannot poll sftp://guestlink@127.0.0.1:")
                    .doesNotContain(InProcessSftpServer.PASSWORD);
            assertThat(List.copyOf(log.list)).as("one line, however many polls failed").filteredOn(e -> e.getFormattedMessage()
                    .contains("HostKey")).hasSize(1).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
            HealthCheck.Result consumer = Wait.forValue("the feed's consumer check DOWN", Duration.ofSeconds(20),
                    () -> HealthCheckHelper.invokeReadiness(t.main.getCamelContext()).stream()
                            .filter(r -> r.getCheck().getId().contains("import-test-res") && r.getState() == HealthCheck.State.DOWN)
                            .findFirst().orElse(null),
                    () -> "checks: " + HealthCheckHelper.invokeReadiness(t.main.getCamelContext()).stream()
                            .map(r -> r.getCheck().getId() + "=" + r.getState() + " " + r.getMessage().orElse("")).toList());
            assertThat(consumer.getError().map(RemotePollStrategy::deepest).orElse(consumer.getMessage().orElse("")))
                    .contains("HostKey has been changed");
        } finally {
            camel.detachAppender(log);
        }
        assertThat(t.app.journal().recentRuns(10)).as("nothing journaled").isEmpty();
        assertThat(opera.dir.resolve("res1.csv")).as("the file stays on the server").exists();
        assertThat(opera.done()).isEmpty();
        assertThat(opera.failed()).isEmpty();
    }

    /** A feed whose known_hosts file does not exist stops the start, saying how to add the server's key. */
    @Test
    void shouldNotStartWithoutTheKnownHostsFile() throws Exception {
        t.close();
        t = null;
        Path missing = tmp.resolve("no_known_hosts");
        assertThatThrownBy(() -> TestApp.start(Files.createDirectories(tmp.resolve("app3")),
                Map.of("test-res", FEED + sftp.feedLines("opera", missing)), Map.of(), sftp.env()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("feed test-res: known_hosts file '" + missing + "' (knownHosts) does not exist")
                .hasMessageContaining("ssh-keyscan");
    }
}
