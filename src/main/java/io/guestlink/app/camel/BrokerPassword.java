package io.guestlink.app.camel;

import org.apache.activemq.broker.BrokerFilter;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.ConnectionContext;
import org.apache.activemq.command.ConnectionInfo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The embedded broker admits only clients that present GuestLink's broker user and password. ActiveMQ's own
 * SimpleAuthenticationPlugin needs activemq-jaas, which this build cannot get, and one user with one password needs
 * no more than this check on each new connection (every client, vm:// or tcp://, connects through it).
 */
public final class BrokerPassword implements BrokerPlugin {
    private final String user;
    private final byte[] password;

    public BrokerPassword(String user, String password) {
        this.user = user;
        this.password = (password == null ? "" : password).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public org.apache.activemq.broker.Broker installPlugin(org.apache.activemq.broker.Broker next) {
        return new BrokerFilter(next) {
            @Override
            public void addConnection(ConnectionContext context, ConnectionInfo info) throws Exception {
                byte[] given = (info.getPassword() == null ? "" : info.getPassword()).getBytes(StandardCharsets.UTF_8);
                // constant-time comparison: the answer's timing tells nothing about the password
                if (!user.equals(info.getUserName()) || !MessageDigest.isEqual(password, given))
                    throw new SecurityException("User name [" + info.getUserName() + "] or password is invalid.");
                super.addConnection(context, info);
            }
        };
    }
}
