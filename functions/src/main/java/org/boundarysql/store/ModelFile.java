/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.util.List;

/**
 * The model a store keeps to compute its on-demand layers: the model file (a copy of the ONNX
 * model) and the files holding its external weights, if any, each with its SHA-256.
 */
public record ModelFile(StoredFile model, List<StoredFile> externalData) {
  public ModelFile {
    externalData = List.copyOf(externalData);
  }
}
