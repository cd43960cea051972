package io.guestlink.app.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.guestlink.app.GuestLink;
import io.guestlink.store.Payloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Optional;

/** {@code guestlink profile ID | --key KEY}: a golden profile as JSON. */
@Command(name = "profile", description = "Print a golden profile as JSON, by id or by identity key.")
final class ProfileCommand extends GuestLinkCommand {
    @Parameters(paramLabel = "ID", arity = "0..1")
    Long id;
    @Option(names = "--key", description = "identity key, e.g. EMAIL:yu.ming@example.net, PHONE:+66812345678, SRC:OPERA:1001")
    String key;

    @Override
    int run(GuestLink app) throws Exception {
        Optional<Long> target = id != null ? Optional.of(id) : Optional.ofNullable(key).flatMap(k -> app.profiles().byKey(k));
        var view = target.flatMap(t -> app.profiles().profile(t));
        if (view.isEmpty()) {
            out().println("no such profile");
            return 1;
        }
        out().println(Payloads.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(view.get()));
        return 0;
    }
}
