#include <chrono>
#include <thread>

#include "store_fixture.h"

namespace embargo::store {
namespace {

using testing::StoreTest;
using namespace std::chrono_literals;

// What the server keeps between requests is kept for one data generation: a write of this
// process must change it before the write returns, so that the next request never sees bytes
// made before the write.
TEST_F(StoreTest, ThisProcesssWriteChangesTheGenerationBeforeItReturns) {
  Store& store = open();
  std::uint64_t before = store.data_generation();
  EXPECT_EQ(store.data_generation(), before);  // nothing written: unchanged
  store.apply_program(testing::test_policy("pyspector"), "source", "cli");
  EXPECT_NE(store.data_generation(), before);
}

// Another process (here another store on the same file, with its own connections) is noticed by
// polling; the test waits for it, without a bound on how soon: that is docs/store.md's figure.
TEST_F(StoreTest, AnotherProcesssWriteChangesTheGenerationSoon) {
  Store& store = open();
  std::uint64_t before = store.data_generation();
  auto other = open_another();
  other->apply_program(testing::test_policy("pyspector"), "source", "cli");
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (store.data_generation() == before && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_NE(store.data_generation(), before);
}

}  // namespace
}  // namespace embargo::store
