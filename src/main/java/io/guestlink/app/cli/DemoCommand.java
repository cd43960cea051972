package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import io.guestlink.app.camel.Runtime;
import io.guestlink.config.Settings;
import io.guestlink.store.ProfileQueries;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.guestlink.store.ImportJournal;
import io.guestlink.store.Payloads;
import org.apache.camel.main.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts the adapter on the embedded defaults, drops the bundled demo files into the inbox the way a PMS night audit
 * would, waits for the routes to import them and prints what arrived: the runs, their rejects, and the acceptance
 * story's guest as one profile. Run it twice: the second time every file is a duplicate and nothing changes.
 */
@Command(name = "demo", description = "Import the bundled demo feeds through the real routes and show the result.")
public final class DemoCommand extends GuestLinkCommand {
    /** Feeds in the order a hotel's night runs them: stays before the folios and tickets that refer to them. */
    static final List<String> ORDER = List.of("opera-reservations", "cn-pms-guests", "hotel-bookings",
            "night-audit-folio", "pos-tickets");
    public static final String STORY_KEY = "PHONE:+66812345678";

    @CommandLine.Option(names = "--timeout-seconds", defaultValue = "120")
    int timeoutSeconds;

    @Override
    int run(GuestLink app) throws Exception {
        Main main = Runtime.start(app, cli.config, true);
        try {
            Path inbox = app.settings().path(Settings.INBOX_DIR);
            long firstRun = app.journal().recentRuns(1).stream().mapToLong(ImportJournal.FileSummary::id).max().orElse(0);
            for (String feed : ORDER) {
                if (!app.feeds().containsKey(feed)) continue;
                List<String> dropped = drop(feed, inbox.resolve(feed));
                System.out.printf("dropped %d file(s) into %s%n", dropped.size(), inbox.resolve(feed));
                awaitJournaled(app, feed, dropped.size(), firstRun);
            }
            app.linking().drain(); // the identity route links every second; the story needs it done now
            List<ImportJournal.FileSummary> runs = app.journal().recentRuns(100).stream()
                    .filter(r -> r.id() > firstRun).sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
            System.out.println();
            RunsCommand.printRuns(runs, app.journal().flaggedCounts(runs.stream().map(ImportJournal.FileSummary::id).toList()));
            printRejects(app, runs);
            printStory(app);
            printConsole(app);
        } finally {
            main.stop();
        }
        return 0;
    }

    private static List<String> drop(String feed, Path target) throws IOException, URISyntaxException {
        List<String> names = new ArrayList<>();
        URI uri = DemoCommand.class.getClassLoader().getResource("demo/" + feed).toURI();
        Files.createDirectories(target);
        if ("jar".equals(uri.getScheme())) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                copyAll(jar.getPath("demo", feed), target, names);
            }
        } else {
            copyAll(Path.of(uri), target, names);
        }
        return names;
    }

    private static void copyAll(Path from, Path to, List<String> names) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().endsWith(".txt")).sorted().toList()) {
                // copy under a temporary name and rename: the route must never see a half-written file
                Path tmp = to.resolve("." + f.getFileName() + ".part");
                Files.copy(f, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, to.resolve(f.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
                names.add(f.getFileName().toString());
            }
        }
    }

    private void awaitJournaled(GuestLink app, String feed, int files, long afterRun) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            long done = app.journal().recentRuns(200).stream()
                    .filter(r -> r.id() > afterRun && r.sourceId().equals(feed) && !"RUNNING".equals(r.status())).count();
            if (done >= files) return;
            Thread.sleep(250);
        }
        throw new IllegalStateException("feed " + feed + ": files not imported within " + timeoutSeconds + " s; see the log");
    }

    private static void printRejects(GuestLink app, List<ImportJournal.FileSummary> runs) {
        for (var r : runs) {
            if (r.counts().rejected() == 0) continue;
            System.out.printf("%nrejected rows of run %d (%s %s):%n", r.id(), r.sourceId(), r.fileName());
            int[] shown = {0};
            app.journal().rows(r.id(), "REJECTED", row -> {
                if (shown[0]++ < 5) System.out.printf("  line %d  %s = '%s'  %s%n", row.line(), row.field(), row.value(), row.reason());
            });
            if (shown[0] > 5) System.out.printf("  ... and %d more (guestlink rejects %d)%n", shown[0] - 5, r.id());
        }
    }

    private static void printStory(GuestLink app) throws Exception {
        var id = app.profiles().byKey(STORY_KEY);
        if (id.isEmpty()) return;
        var view = app.profiles().profile(id.get()).orElseThrow();
        System.out.printf("%nthe acceptance story's guest, found by %s (one golden profile across OPERA, the Chinese PMS "
                + "and the POS):%n", STORY_KEY.replaceAll("\\d{4}$", "****"));
        System.out.println(Payloads.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(view));
        // the day he comes back: what the front desk and the cafe see
        var arrival = view.stays().stream().map(ProfileQueries.Stay::arrival).filter(java.util.Objects::nonNull).max(java.time.LocalDate::compareTo);
        if (arrival.isPresent()) {
            app.memory().card(id.get(), arrival.get()).ifPresent(card -> System.out.printf("%nrecognition card on %s:%n  %s%n",
                    arrival.get(), card.toText()));
        }
        System.out.printf("%nprofiles: %d, stays: %d, folio lines: %d, POS tickets: %d%n", app.profiles().countLiveProfiles(),
                app.profiles().count("stay"), app.profiles().count("folio_line"), app.profiles().count("pos_ticket"));
    }

    /**
     * Where the console answers once the service runs, and how to sign in: the first administrator, whose password
     * is the one the person set in the environment (never printed), or how to set one.
     */
    static void printConsole(GuestLink app) {
        Settings s = app.settings();
        if (!s.getFlag(Settings.HTTP_ENABLED)) {
            System.out.printf("%nweb console: off (%s = false)%n", Settings.HTTP_ENABLED.key());
            return;
        }
        String host = s.get(Settings.HTTP_BIND_ADDRESS).strip();
        if (host.equals("0.0.0.0") || host.equals("::")) host = "localhost";
        String scheme = s.get(Settings.HTTP_TLS_KEYSTORE).isBlank() ? "http" : "https";
        String admin = s.get(Settings.HTTP_ADMIN_USER).strip();
        System.out.printf("%nweb console: %s://%s:%s/console/ while GuestLink runs (java -jar target/guestlink.jar run)%n",
                scheme, host, s.get(Settings.HTTP_PORT).strip());
        if (!s.get(Settings.HTTP_ADMIN_PASSWORD).isEmpty())
            System.out.printf("  sign in as '%s' with the password you set in %s (users and roles: docs/console.md)%n", admin,
                    Settings.HTTP_ADMIN_PASSWORD.envName());
        else
            System.out.printf("  sign in as '%s' after setting %s (12+ characters) for the run; no default password exists%n",
                    admin, Settings.HTTP_ADMIN_PASSWORD.envName());
    }
}
