package io.guestlink.app.cli;

import io.guestlink.access.PasswordHash;
import picocli.CommandLine.Command;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code guestlink hash-password}: reads a password (from the terminal without echo, or one line of standard input)
 * and prints its Argon2id hash for the users file. Opens nothing: no store, no Camel.
 */
@Command(name = "hash-password", description = "Print the Argon2id hash of a password read from the terminal (or "
        + "standard input), for a user's 'password' in the users file (guestlink.http.users).")
final class HashPasswordCommand implements Callable<Integer> {
    static final int MIN_LENGTH = 12;

    @Override
    public Integer call() throws Exception {
        Console console = System.console();
        String password;
        if (console != null) {
            char[] typed = console.readPassword("password: ");
            password = typed == null ? "" : new String(typed);
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? "" : line;
        }
        if (password.length() < MIN_LENGTH)
            throw new IllegalArgumentException("a password needs at least " + MIN_LENGTH + " characters");
        System.out.println(PasswordHash.hash(password));
        return 0;
    }
}
