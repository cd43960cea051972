package io.guestlink.identity.names;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the identity word lists shipped in {@code src/main/resources/identity/}. */
final class Resources {

    private Resources() {
    }

    /**
     * The lines of a list, stripped, without blank lines and {@code #} comments. A missing file is a packaging
     * error, not a configuration choice, so it fails loudly instead of silently matching nothing.
     */
    static List<String> lines(String name) {
        String path = "/identity/" + name;
        try (InputStream in = Resources.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing resource " + path);
            List<String> out = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) out.add(s);
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** The tab-separated columns of each line of a {@code .tsv} list. */
    static List<String[]> columns(String name) {
        List<String[]> out = new ArrayList<>();
        for (String line : lines(name)) out.add(line.split("\t"));
        return out;
    }
}
