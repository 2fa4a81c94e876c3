"""The peers of bench/pdq, on the same data in the same run: faiss's
IndexBinaryMultiHash as Hasher-Matcher-Actioner configures it, faiss's flat
index, and Meta's C++ hasher through its Python bindings (PyPI pdqhash).

    python3 bench/pdq_reference.py match DIR
    python3 bench/pdq_reference.py hash PIXELS_TOOL FILE...
"""
import os, subprocess, sys, tempfile, time
import numpy as np

def matching(dir):
    import faiss
    faiss.omp_set_num_threads(1)
    haystack = np.fromfile(os.path.join(dir, "haystack.bin"), dtype=np.uint8).reshape(-1, 32)
    queries = np.fromfile(os.path.join(dir, "queries.bin"), dtype=np.uint8).reshape(-1, 32)
    planted = [tuple(map(int, l.split())) for l in open(os.path.join(dir, "planted.txt"))]
    threshold = 31
    for name, make in [
        ("faiss IndexBinaryMultiHash(16 x 16 bits, nflip=1)", lambda: faiss.IndexBinaryMultiHash(256, 16, 16)),
        ("faiss IndexBinaryFlat", lambda: faiss.IndexBinaryFlat(256)),
    ]:
        index = make()
        started = time.perf_counter()
        index.add(haystack)
        build = time.perf_counter() - started
        if hasattr(index, "nflip"):
            index.nflip = threshold // 16
            qs = queries
        else:
            qs = queries[: len(queries) // 10]
        started = time.perf_counter()
        lims, distances, ids = index.range_search(qs, threshold + 1)
        elapsed = time.perf_counter() - started
        found = 0
        for q, target in planted:
            if q < len(qs) and target in set(ids[lims[q]:lims[q + 1]].tolist()):
                found += 1
        planted_here = sum(1 for q, _ in planted if q < len(qs))
        print(f"{name:<52} build {build:6.2f} s  {len(qs) / elapsed:8.0f} queries/s  ({elapsed * 1000 / len(qs):.3f} ms/query)  planted found {found}/{planted_here}")

def hashing(tool, files):
    import pdqhash
    arrays = []
    for f in files:
        with tempfile.NamedTemporaryFile() as out:
            subprocess.run([tool, f, out.name], check=True)
            data = open(out.name, "rb").read()
        header, raw = data.split(b"\n", 1)
        w, h = map(int, header.split())
        arrays.append(np.frombuffer(raw, dtype=np.uint8).reshape(h, w, 3))
    rounds = 5
    started = time.perf_counter()
    for _ in range(rounds):
        for a in arrays:
            pdqhash.compute(a)
    elapsed = time.perf_counter() - started
    count = rounds * len(arrays)
    pixels = sum(a.shape[0] * a.shape[1] for a in arrays) * rounds
    print(f"PyPI pdqhash (Meta's C++) hash     {count / elapsed:7.1f} images/s  {pixels / 1e6 / elapsed:6.1f} Mpixel/s  ({count} hashes)")

if __name__ == "__main__":
    if sys.argv[1] == "match":
        matching(sys.argv[2])
    else:
        hashing(sys.argv[2], sys.argv[3:])
