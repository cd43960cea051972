package io.guestlink.testing;

import io.guestlink.app.cli.GuestLinkCli;
import io.guestlink.config.Setting;
import io.guestlink.config.Settings;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code guestlink} command run in this JVM as a person would type it: the settings as {@code --set} options, the
 * secrets among them (the ID-document key...) in the environment, as the command line requires; what it printed.
 * Without a store key of its own, it gets {@link TestApp#STORE_KEY}.
 */
public final class Cli {
    /** The exit code and what the command printed on standard output and standard error. */
    public record Result(int exit, String out, String err) {
    }

    private Cli() {
    }

    /**
     * Runs one command with no properties file (a missing {@code none.properties} in {@code folder}).
     *
     * @param settings keys and values; secrets go to the environment by their variable names
     * @param env      further environment variables
     */
    public static Result run(Path folder, Map<String, String> settings, Map<String, String> env, String... command) {
        Map<String, String> environment = new HashMap<>(env);
        // the store key of the test applications, so a command opens what a running TestApp sealed on the same store
        if (!settings.containsKey(Settings.STORE_KEY.key())) environment.putIfAbsent(Settings.STORE_KEY.envName(), TestApp.STORE_KEY);
        List<String> args = new ArrayList<>(List.of("--config", folder.resolve("none.properties").toString()));
        new TreeMap<>(settings).forEach((key, value) -> {
            Setting secret = Settings.SECRETS.stream().filter(s -> s.key().equals(key)).findFirst().orElse(null);
            if (secret != null) {
                environment.put(secret.envName(), value);
            } else {
                args.add("--set");
                args.add(key + "=" + value);
            }
        });
        args.addAll(List.of(command));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = GuestLinkCli.execute(environment, args.toArray(String[]::new));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** As {@link #run(Path, Map, Map, String...)} for the store, feeds and alerts {@link TestApp} gives {@code root}. */
    public static Result against(Path root, Map<String, String> extraSettings, String... command) {
        return run(root, TestApp.settingsFor(root, extraSettings), Map.of(), command);
    }
}
