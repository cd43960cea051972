package io.guestlink.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The command line's root: the global options every command inherits (--config, --set) and the list of commands,
 * one class each. A command that fails prints {@code error: <message>} and exits with 2.
 */
@Command(name = "guestlink", mixinStandardHelpOptions = true, version = "GuestLink 0.1.0",
        description = "Hotel PMS/POS feeds into one unified guest profile store.",
        subcommands = {RunCommand.class, DemoCommand.class, ImportCommand.class, ReplayCommand.class,
                RunsCommand.class, RejectsCommand.class, ProfileCommand.class, PollsCommand.class,
                ResyncCommand.class, MergesCommand.class, UnmergeCommand.class, ReviewCommand.class, ReestimateModelCommand.class,
                DecideCommand.class, DedupCommand.class, CardCommand.class,
                MemoryRebuildCommand.class, AlertsCommand.class, AlertRetryCommand.class,
                SegmentsCommand.class,
                RefusedCommand.class, ReprocessCommand.class,
                DailyCommand.class, BusinessDatesCommand.class, HashPasswordCommand.class, NewTokenCommand.class,
                GuestExportCommand.class, RectifyCommand.class, EraseCommand.class,
                PruneCommand.class})
public final class GuestLinkCli {
    @Option(names = "--config", description = "application properties (default: ${DEFAULT-VALUE})",
            defaultValue = "config/application.properties", scope = CommandLine.ScopeType.INHERIT)
    Path config;

    @Option(names = "--set", description = "override a setting: --set guestlink.db.url=jdbc:...",
            scope = CommandLine.ScopeType.INHERIT)
    Map<String, String> overrides = new HashMap<>();

    /** Where settings and secrets come from besides the files: the process environment (tests give their own). */
    Map<String, String> environment = System.getenv();

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return execute(System.getenv(), args);
    }

    /** As {@link #execute(String...)}, with these environment variables instead of the process's. */
    public static int execute(Map<String, String> environment, String... args) {
        GuestLinkCli cli = new GuestLinkCli();
        cli.environment = Map.copyOf(environment);
        return new CommandLine(cli).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            return 2;
        }).execute(args);
    }
}
