# GuestLink: build with the Maven Wrapper, run on a JRE. Routes and configuration stay files an IT team can mount.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -q -B dependency:go-offline
COPY src src
RUN ./mvnw -q -B package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /opt/guestlink
COPY --from=build /src/target/guestlink.jar ./
COPY --from=build /src/target/lib ./lib
COPY routes ./routes
COPY config ./config
# data/ holds the embedded H2 store and the generated ID-document key; inbox/ is where feeds drop files.
VOLUME ["/opt/guestlink/data", "/opt/guestlink/inbox"]
# Production: set GUESTLINK_DB_URL / GUESTLINK_DB_USER / GUESTLINK_DB_PASSWORD and GUESTLINK_IDENTITY_HMAC_KEY.
# Broker: data/activemq holds the embedded broker's queues; GUESTLINK_BROKER_LISTEN=tcp://0.0.0.0:61616 (and publish
# the port) lets other systems in, or GUESTLINK_BROKER_EMBEDDED=false with GUESTLINK_BROKER_URL, GUESTLINK_BROKER_USER
# and GUESTLINK_BROKER_PASSWORD uses the hotel's broker.
# HL7 ADT over MLLP (guestlink.hl7.port); the alert outputs are configured in config/alerts.yaml.
# HTTP API, health and metrics (guestlink.http.*): bound to 127.0.0.1 unless GUESTLINK_HTTP_BIND_ADDRESS=0.0.0.0 (then
# with TLS: GUESTLINK_HTTP_TLS_KEYSTORE and GUESTLINK_HTTP_TLS_KEYSTORE_PASSWORD); the first administrator's password
# comes from GUESTLINK_HTTP_ADMIN_PASSWORD, users from config/users.yaml.
EXPOSE 2575 8080
# readiness from inside the container (no credentials, no personal data); the JRE image has no curl, so Java asks
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-Xmx32m", "-cp", "guestlink.jar", "io.guestlink.app.cli.HealthProbe"]
ENTRYPOINT ["java", "-Xmx512m", "-jar", "guestlink.jar"]
CMD ["run"]
