"""Sets of documents as Python integers: bit n says whether the document of page n is in the set.

Plain functions, with no database or Django in them: ``matchsets`` keeps such sets, the
backends read them, and the search ranks from them.
"""

import struct


def bits_of(id_list):
    """The set of the ids in a comma-separated text (as the databases' list aggregates give it)."""
    if not id_list:
        return 0
    ids = list(map(int, id_list.split(",")))
    buffer = bytearray((max(ids) >> 3) + 1)
    for number in ids:
        buffer[number >> 3] |= 1 << (number & 7)
    return int.from_bytes(buffer, "little")


def bits_of_words(words):
    """The set of (index, word) pairs: ``word``, a signed 64-bit integer, holds ids index * 64 to index * 64 + 63."""
    if not words:
        return 0
    buffer = bytearray((max(index for index, _word in words) + 1) * 8)
    for index, word in words:
        struct.pack_into("<q", buffer, index * 8, word)
    return int.from_bytes(buffer, "little")


def size_of(bits):
    """The bytes a set takes (what the memory budget of ``matchsets`` counts)."""
    return (bits.bit_length() + 7) // 8


# For each byte, the positions of its set bits, highest first.
_BITS_DESCENDING = [tuple(bit for bit in range(7, -1, -1) if byte >> bit & 1) for byte in range(256)]


def highest(bits, count):
    """The ``count`` largest ids in a set, largest first (all of them if it has fewer)."""
    found = []
    if count <= 0 or not bits:
        return found
    table = bits.to_bytes(-(-size_of(bits) // 8) * 8, "little")
    # Eight bytes at a time, so that the empty stretches of a sparse set are skipped quickly.
    words = memoryview(table).cast("Q")
    for word_index in range(len(words) - 1, -1, -1):
        if not words[word_index]:
            continue
        for index in range(word_index * 8 + 7, word_index * 8 - 1, -1):
            byte = table[index]
            if byte:
                base = index << 3
                found += [base + bit for bit in _BITS_DESCENDING[byte]]
                if len(found) >= count:
                    return found[:count]
    return found

