/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An activation store: one model's items and the activations of its layers, read from a
 * directory holding {@code store.json}, {@code items.csv} and a {@code .npy} or {@code .csv}
 * file per layer.
 *
 * <p>Opening a store validates every file's header, shape and size, so that a broken store
 * fails at once with a message naming the file; activation values are read lazily through
 * memory mapping. A store that keeps its model declares layers computed on demand
 * ({@link StoreManifest#onDemandLayers()}, which {@link #layers()} does not hold) and the
 * items' inputs, opened when first read ({@link #inputs()}).
 */
public final class Store {
  private final Path directory;
  private final Path cacheDirectory;
  private final StoreManifest manifest;
  private final Items items;
  private final List<Layer> layers;
  private final String fingerprint;
  private final Optional<StoreTokens> tokens;
  private volatile List<InputLayer> inputs;
  private volatile TokenOrder tokenOrder;
  private volatile Optional<Layer> inputComponents;
  /** The token-ordered copies of token layers, by layer name; empty where none can be made. */
  private final Map<String, Optional<Layer>> tokenOrdered = new ConcurrentHashMap<>();

  private Store(Path directory, Path cacheDirectory, StoreManifest manifest, Items items,
      List<Layer> layers, String fingerprint, Optional<StoreTokens> tokens) {
    this.directory = directory;
    this.cacheDirectory = cacheDirectory;
    this.manifest = manifest;
    this.items = items;
    this.layers = List.copyOf(layers);
    this.fingerprint = fingerprint;
    this.tokens = tokens;
  }

  /**
   * Opens the store in {@code directory}; CSV layers are converted into {@code cacheDir}.
   */
  public static Store open(Path directory, Path cacheDir) {
    StoreManifest manifest = StoreManifest.read(directory);
    Items items = Items.open(directory, manifest.classes(), cacheDir);
    List<Layer> layers = new ArrayList<>();
    List<Path> files = new ArrayList<>(List.of(directory.resolve(StoreManifest.FILE_NAME),
        directory.resolve(Items.FILE_NAME)));
    for (LayerSpec spec : manifest.layers()) {
      Path npy = directory.resolve(spec.name() + ".npy");
      Path csv = directory.resolve(spec.name() + ".csv");
      files.add(Files.isRegularFile(npy) ? npy : csv);
      if (Files.isRegularFile(npy)) {
        layers.add(NpyLayer.open(npy, spec, items.size()));
      } else if (Files.isRegularFile(csv)) {
        Path converted = CsvLayerConverter.convert(csv, spec, items, cacheDir);
        layers.add(NpyLayer.open(converted, spec, items.size()));
      } else {
        throw new StoreFormatException(npy, "missing: layer \"" + spec.name()
            + "\" is declared in store.json but has neither " + npy.getFileName()
            + " nor " + csv.getFileName());
      }
    }
    files.addAll(StoreTokens.files(directory));
    return new Store(directory, cacheDir, manifest, items, layers,
        FileFingerprint.of(directory, files), StoreTokens.read(directory, items));
  }

  /**
   * Names, sizes and modification times of the store's files: what a cache derived from the
   * store must match to stay valid.
   */
  public String fingerprint() {
    return fingerprint;
  }

  /** The store's name: its directory's name. */
  public String name() {
    return directory.getFileName().toString();
  }

  public Path directory() {
    return directory;
  }

  /** The directory of the files derived from this store (caches), given when it was opened. */
  public Path cacheDirectory() {
    return cacheDirectory;
  }

  public StoreManifest manifest() {
    return manifest;
  }

  public Items items() {
    return items;
  }

  /** The layers stored in files; the on-demand ones are declared in the manifest only. */
  public List<Layer> layers() {
    return layers;
  }

  /**
   * The items' model inputs as {@code store.json} declares them (none for most stores), mapped
   * on first use; a file that no longer matches its declaration is a
   * {@link StoreFormatException} naming it.
   */
  public List<InputLayer> inputs() {
    List<InputLayer> opened = inputs;
    if (opened == null) {
      opened = manifest.inputs().stream()
          .map(input -> InputLayer.open(directory, input, items.size())).toList();
      inputs = opened;
    }
    return opened;
  }

  /** The stored layer with this name, ignoring case. */
  public Optional<Layer> layer(String name) {
    return layers.stream().filter(l -> l.name().equalsIgnoreCase(name)).findFirst();
  }

  /** The tokens of the items, if they are token sequences with layers of a row per token. */
  public Optional<StoreTokens> tokens() {
    return tokens;
  }

  /**
   * The token rows ordered by token ({@link TokenOrder}), computed on first use; empty if the
   * store has no tokens.
   */
  public Optional<TokenOrder> tokenOrder() {
    TokenOrder order = tokenOrder;
    if (order == null && tokens.isPresent()) {
      order = TokenOrder.of(tokens.get());
      tokenOrder = order;
    }
    return Optional.ofNullable(order);
  }

  /**
   * The rows of token layer {@code layer} (one of {@link #layers()}) in {@link #tokenOrder()},
   * from a copy in the cache directory ({@link TokenOrderedLayer}) written on first use;
   * empty if the store has no tokens or the copy cannot be written.
   */
  public Optional<Layer> tokenOrdered(Layer layer) {
    return tokenOrder().flatMap(order -> tokenOrdered.computeIfAbsent(layer.name(),
        name -> TokenOrderedLayer.open(this, layer, order)));
  }

  /**
   * The items' scores on the leading principal components of their float-fed inputs
   * ({@link InputComponents}), computed on first use; empty if the store keeps no such input.
   */
  public Optional<Layer> inputComponents() {
    Optional<Layer> scores = inputComponents;
    if (scores == null) {
      synchronized (this) {
        scores = inputComponents;
        if (scores == null) {
          scores = InputComponents.open(this);
          inputComponents = scores;
        }
      }
    }
    return scores;
  }

  /** The latent layer named in {@code store.json}, if any. */
  public Optional<Layer> latentLayer() {
    return manifest.latentLayer() == null ? Optional.empty() : layer(manifest.latentLayer());
  }
}
