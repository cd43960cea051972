package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import io.guestlink.app.camel.Runtime;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;

/** {@code guestlink run}: the service, until stopped. */
@Command(name = "run", description = "Run the adapter: poll every feed's inbox folder or remote endpoint until stopped.")
final class RunCommand extends GuestLinkCommand {
    @Override
    int run(GuestLink app) throws Exception {
        Main main = Runtime.create(app, cli.config, true);
        main.run();
        return 0;
    }
}
