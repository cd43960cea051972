package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import io.guestlink.config.Settings;
import picocli.CommandLine;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * What every command shares: the global options of {@link GuestLinkCli} (--config, --set) turned into an assembled
 * {@link GuestLink}, which is closed when the command is done. A command checks its own arguments first
 * ({@link #check()}), so a mistyped argument is reported without opening the store.
 */
abstract class GuestLinkCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    GuestLinkCli cli;

    @Override
    public final Integer call() throws Exception {
        check();
        try (GuestLink app = open()) {
            return run(app);
        }
    }

    /** Arguments that contradict each other or name nothing: thrown before the application is opened. */
    void check() {
    }

    /** The command's work on the opened application; the exit code. */
    abstract int run(GuestLink app) throws Exception;

    GuestLink open() {
        return GuestLink.start(Settings.fromCommandLine(cli.config, cli.environment, cli.overrides));
    }

    /** Read at each call, so output follows System.setOut (tests capture it). */
    static PrintStream out() {
        return System.out;
    }
}
