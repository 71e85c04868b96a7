%use ifunc
db ilog2(64), ilog2e(64), ilog2w(63), ilog2f(63), ilog2c(63)
