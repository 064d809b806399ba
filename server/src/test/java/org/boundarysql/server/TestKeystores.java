/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server keystore and a client truststore made by the JDK's {@code keytool}, as the README
 * tells users to make them: a self-signed key pair for 127.0.0.1 and localhost, its
 * certificate exported and imported into a truststore.
 */
public final class TestKeystores {
  /** The server keystore's password, also in {@link #passwordFile}. */
  public static final String PASSWORD = "keystore-secret";
  /** The truststore's password. */
  public static final String TRUST_PASSWORD = "truststore-secret";

  public final Path keystore;
  public final Path passwordFile;
  public final Path truststore;

  public TestKeystores(Path dir) throws IOException, InterruptedException {
    keystore = dir.resolve("server.p12");
    passwordFile = dir.resolve("keystore-password.txt");
    truststore = dir.resolve("trust.p12");
    Path certificate = dir.resolve("server.crt");
    keytool("-genkeypair", "-alias", "boundary", "-keyalg", "RSA", "-keysize", "2048",
        "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
        "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
    keytool("-exportcert", "-alias", "boundary", "-keystore", keystore.toString(),
        "-storepass", PASSWORD, "-file", certificate.toString());
    keytool("-importcert", "-noprompt", "-alias", "boundary", "-file", certificate.toString(),
        "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass",
        TRUST_PASSWORD);
    Files.writeString(passwordFile, PASSWORD + "\n");
  }

  /** The URL properties with which the remote driver trusts the server's certificate. */
  public String trustUrlSuffix() {
    return ";truststore=" + truststore + ";truststore_password=" + TRUST_PASSWORD;
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
    }
  }
}
