"""A full export's processes are forked with the heap frozen for their collectors, and the heap is thawed after,
unless it was frozen before (as a web server's process freezes it when it starts)."""

import gc

from bayan.mirror.parallel import frozen_heap


def test_a_heap_frozen_for_the_forks_is_thawed_after_but_one_frozen_before_stays_frozen():
    frozen_at_start = gc.get_freeze_count() > 0
    gc.unfreeze()
    try:
        with frozen_heap():
            assert gc.get_freeze_count() > 0
            with frozen_heap():  # an export's render processes, forked while its index is built
                pass
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() == 0
        gc.freeze()
        with frozen_heap():
            pass
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        if frozen_at_start:
            gc.freeze()
