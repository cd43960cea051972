package io.guestlink.app.cli;

import io.guestlink.access.ApiToken;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * {@code guestlink new-token}: a new random API token for a system, and the SHA-256 the users file keeps. The token
 * itself is shown once, here, and stored nowhere.
 */
@Command(name = "new-token", description = "Print a new API token for a system and its SHA-256 for the users file "
        + "(guestlink.http.users); the token is shown only once.")
final class NewTokenCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        String token = ApiToken.newToken();
        System.out.println("token:  " + token);
        System.out.println("sha256: " + ApiToken.sha256(token));
        return 0;
    }
}
