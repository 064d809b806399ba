/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.guard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * The server's TLS identity: a keystore (PKCS12 or JKS, as {@code keytool} writes it) holding
 * the server's private key and certificate, and its password, read from a file (its first
 * line) so that it appears in no command line. Read and checked before the server starts, so
 * that a wrong password or a keystore without a key gets a sentence, not Jetty's stack trace.
 * The HTTPS endpoint reads the keystore itself; the gRPC endpoint takes the same key and
 * certificates as PEM ({@link #certificateChainPem()}, {@link #privateKeyPem()}).
 */
public final class ServerTls {
  private final Path keystore;
  private final String password;
  private final String type;

  private ServerTls(Path keystore, String password, String type) {
    this.keystore = keystore;
    this.password = password;
    this.type = type;
  }

  /**
   * Reads the keystore {@code keystore} with the password on the first line of
   * {@code passwordFile}; throws IllegalArgumentException naming the problem.
   */
  public static ServerTls read(Path keystore, Path passwordFile) {
    String password;
    try {
      List<String> lines = Files.readAllLines(passwordFile);
      password = lines.isEmpty() ? "" : lines.get(0);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no TLS password file " + passwordFile);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read TLS password file " + passwordFile + ": "
          + e);
    }
    if (password.isEmpty()) {
      throw new IllegalArgumentException("TLS password file " + passwordFile
          + " is empty; its first line is the keystore's password");
    }
    return of(keystore, password);
  }

  /** The keystore {@code keystore} with password {@code password}; see {@link #read}. */
  public static ServerTls of(Path keystore, String password) {
    if (!Files.isRegularFile(keystore)) {
      throw new IllegalArgumentException("no TLS keystore " + keystore);
    }
    KeyStore store;
    try {
      // Finds the type (PKCS12, JKS) from the file itself.
      store = KeyStore.getInstance(keystore.toFile(), password.toCharArray());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot open TLS keystore " + keystore
          + ": wrong password, or not a keystore (" + e.getMessage() + ")");
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot open TLS keystore " + keystore + ": " + e);
    }
    try {
      boolean hasKey = false;
      for (String alias : Collections.list(store.aliases())) {
        hasKey |= store.isKeyEntry(alias);
      }
      if (!hasKey) {
        throw new IllegalArgumentException("TLS keystore " + keystore + " holds no private key;"
            + " create one with keytool -genkeypair (see README, Server)");
      }
    } catch (KeyStoreException e) {
      throw new IllegalArgumentException("cannot read TLS keystore " + keystore + ": " + e);
    }
    return new ServerTls(keystore.toAbsolutePath(), password, store.getType());
  }

  /** The certificate chain of the keystore's key, as PEM text. */
  public byte[] certificateChainPem() {
    StringBuilder pem = new StringBuilder();
    try {
      for (Certificate certificate : keyEntry().getCertificateChain()) {
        pem.append(pem("CERTIFICATE", certificate.getEncoded()));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode the certificates of " + keystore, e);
    }
    return pem.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** The keystore's private key, PKCS#8 as PEM text. */
  public byte[] privateKeyPem() {
    return pem("PRIVATE KEY", keyEntry().getPrivateKey().getEncoded())
        .getBytes(StandardCharsets.US_ASCII);
  }

  private KeyStore.PrivateKeyEntry keyEntry() {
    try {
      KeyStore store = KeyStore.getInstance(keystore.toFile(), password.toCharArray());
      KeyStore.PasswordProtection protection =
          new KeyStore.PasswordProtection(password.toCharArray());
      for (String alias : Collections.list(store.aliases())) {
        if (store.entryInstanceOf(alias, KeyStore.PrivateKeyEntry.class)) {
          return (KeyStore.PrivateKeyEntry) store.getEntry(alias, protection);
        }
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read TLS keystore " + keystore + ": " + e);
    }
    throw new IllegalArgumentException("TLS keystore " + keystore + " holds no private key");
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  public Path keystore() {
    return keystore;
  }

  /** The keystore's password, for an endpoint that reads the keystore itself (HTTPS). */
  public String password() {
    return password;
  }

  /** The keystore's type, e.g. {@code PKCS12}. */
  public String type() {
    return type;
  }
}
