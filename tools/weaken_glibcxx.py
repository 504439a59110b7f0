#!/usr/bin/env python3
"""tools/weaken_glibcxx.py FILE [VERSION...]: mark GLIBCXX version needs of an ELF64 file as weak.

libLibTorchSharp.so (TorchSharp 0.107.0) needs GLIBCXX_3.4.32 for one symbol only, _ZSt21ios_base_library_initv,
a dummy that GCC 13's <iostream> references to force the version dependency; no relocation uses it
(ECOSYSTEM-PROBES.md §1). Debian 12's libstdc++ has 3.4.30, so the dynamic loader refuses the library. With the
need marked VER_FLG_WEAK, glibc warns instead and loads it. Idempotent; run on the copy in the build output,
never on the NuGet cache. Prints how many entries it patched.
"""
import struct
import sys

path, names = sys.argv[1], set(sys.argv[2:]) or {"GLIBCXX_3.4.32"}
data = bytearray(open(path, "rb").read())
if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
    sys.exit(f"{path}: not an ELF64 little-endian file")
e_shoff, = struct.unpack_from("<Q", data, 0x28)
e_shentsize, e_shnum = struct.unpack_from("<HH", data, 0x3A)
secs = [struct.unpack_from("<IIQQQQIIQQ", data, e_shoff + i * e_shentsize) for i in range(e_shnum)]
patched = 0
for (_name, typ, _flags, _addr, off, _size, link, info, _align, _entsize) in secs:
    if typ != 0x6FFFFFFE:  # SHT_GNU_verneed
        continue
    stroff = secs[link][4]

    def cstr(o):
        return data[stroff + o:data.index(0, stroff + o)].decode()

    vn = off
    for _ in range(info):
        _ver, vn_cnt, _file, vn_aux, vn_next = struct.unpack_from("<HHIII", data, vn)
        va = vn + vn_aux
        for _ in range(vn_cnt):
            _hash, vna_flags, _other, vna_name, vna_next = struct.unpack_from("<IHHII", data, va)
            if cstr(vna_name) in names and not vna_flags & 2:  # VER_FLG_WEAK
                struct.pack_into("<H", data, va + 4, vna_flags | 2)
                patched += 1
            va += vna_next
            if not vna_next:
                break
        vn += vn_next
        if not vn_next:
            break
if patched:
    tmp = path + ".tmp"
    open(tmp, "wb").write(data)
    import os
    os.replace(tmp, path)
print(f"weaken_glibcxx: patched {patched} entries in {path}")
