/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

/** A process that loads ONNX Runtime, says where from, and waits to be killed. */
final class OrtLibraryChild {
  private OrtLibraryChild() {
  }

  public static void main(String[] args) throws java.io.IOException {
    OrtThread.environment();
    System.out.println("loaded from " + System.getProperty(OrtLibrary.PATH_PROPERTY));
    System.out.flush();
    System.in.read(); // blocks until the test kills this process (or closes its input)
  }
}
