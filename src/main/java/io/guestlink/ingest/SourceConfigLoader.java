package io.guestlink.ingest;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.guestlink.config.ConfigurationException;
import io.guestlink.config.YamlConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Reads every {@code *.yaml} feed file of a folder; reports all problems of all files in one exception. */
public final class SourceConfigLoader {
    private SourceConfigLoader() {
    }

    public static List<SourceConfig> loadAll(Path folder) {
        if (!Files.isDirectory(folder)) throw YamlConfig.problem(folder, "no such folder of feed files");
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw YamlConfig.problem(folder, e.getMessage());
        }
        List<SourceConfig> configs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Path file : files) {
            try {
                SourceConfig config = load(file);
                if (!ids.add(config.id())) problems.add(file + ": id '" + config.id() + "' is used by another feed file");
                configs.add(config);
            } catch (ConfigurationException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) throw new ConfigurationException(problems);
        return configs;
    }

    public static SourceConfig load(Path file) {
        SourceConfig config = YamlConfig.read(file, SourceConfig.class, SourceConfigLoader::why);
        if (config == null) throw YamlConfig.problem(file, "empty file");
        List<String> problems = config.problems().stream().map(p -> file + ": " + p).toList();
        if (!problems.isEmpty()) throw new ConfigurationException(problems);
        return config;
    }

    /** An unknown key with the keys a feed file knows; anything else by its root cause (the mapping's own check). */
    private static String why(Exception e) {
        if (e instanceof UnrecognizedPropertyException u)
            return "unknown key '" + u.getPropertyName() + "' at line " + u.getLocation().getLineNr()
                    + " (known: " + u.getKnownPropertyIds() + ")";
        return rootMessage(e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String msg = t.getMessage() == null ? t.toString() : t.getMessage();
        int cut = msg.indexOf('\n');
        return cut > 0 ? msg.substring(0, cut) : msg;
    }
}
