;; Shortest round-trip decimal text of a double, in the form JavaScript's String(x) gives
;; (ECMA-262 Number::toString, radix 10), written into linear memory without allocating.
;; Hand-written kernel; assembled by scripts/wasm/build-decimal.ts into shortestDecimalBytes.ts.
;;
;; Digits: R. Giulietti, "The Schubfach way to render doubles" (2020). For v = c·2^q the
;; rounding interval R_v is scaled by 10^-k, with k = floor(log10 of its width), so that R_v
;; holds at least one integer and at most one multiple of 10. g ≈ 10^-k·2^-r (126 bits,
;; rounded up) and round-to-odd products give exact answers to "is this decimal in R_v" with
;; 64-bit integers only. Shortest first (a multiple of 10 in R_v), then the closer of s, s+1.
;;
;; Memory (imported; the host sizes it and fills the table):
;;   [0, 9872)      g table: 617 × (g1, g0) little-endian i64, k = -324 … 292, g = g1·2^63 + g0
;;   [9984, 10016)  digit scratch
;;   [10048, 10059) "NaNInfinity"
;;   [10112, 10312) "00" "01" … "99"
;;   from 16384     the host's output buffer
(module
  (import "env" "memory" (memory 1))
  (data (i32.const 10048) "NaNInfinity")
  (data (i32.const 10112) "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899")

  ;; High 64 bits of the unsigned 128-bit product a·b.
  (func $mulhi (param $a i64) (param $b i64) (result i64)
    (local $a0 i64) (local $a1 i64) (local $b0 i64) (local $b1 i64)
    (local $p00 i64) (local $p01 i64) (local $p10 i64)
    (local.set $a0 (i64.and (local.get $a) (i64.const 0xffffffff)))
    (local.set $a1 (i64.shr_u (local.get $a) (i64.const 32)))
    (local.set $b0 (i64.and (local.get $b) (i64.const 0xffffffff)))
    (local.set $b1 (i64.shr_u (local.get $b) (i64.const 32)))
    (local.set $p00 (i64.mul (local.get $a0) (local.get $b0)))
    (local.set $p01 (i64.mul (local.get $a0) (local.get $b1)))
    (local.set $p10 (i64.mul (local.get $a1) (local.get $b0)))
    (i64.add
      (i64.add
        (i64.mul (local.get $a1) (local.get $b1))
        (i64.add
          (i64.shr_u (local.get $p01) (i64.const 32))
          (i64.shr_u (local.get $p10) (i64.const 32))))
      (i64.shr_u
        (i64.add
          (i64.shr_u (local.get $p00) (i64.const 32))
          (i64.add
            (i64.and (local.get $p01) (i64.const 0xffffffff))
            (i64.and (local.get $p10) (i64.const 0xffffffff))))
        (i64.const 32))))

  ;; floor(g·cp / 2^127), its last bit set when the remainder is not zero (round to odd).
  (func $rop (param $g1 i64) (param $g0 i64) (param $cp i64) (result i64)
    (local $z i64)
    (local.set $z
      (i64.add
        (i64.shr_u (i64.mul (local.get $g1) (local.get $cp)) (i64.const 1))
        (call $mulhi (local.get $g0) (local.get $cp))))
    (i64.or
      (i64.add
        (call $mulhi (local.get $g1) (local.get $cp))
        (i64.shr_u (local.get $z) (i64.const 63)))
      (i64.shr_u
        (i64.add
          (i64.and (local.get $z) (i64.const 0x7fffffffffffffff))
          (i64.const 0x7fffffffffffffff))
        (i64.const 63))))

  ;; Number of decimal digits of x < 10^9 (x ≥ 1), 1 for x = 0.
  (func $digitCount (param $x i32) (result i32)
    (local $d i32) (local $p i32)
    (local.set $d (i32.const 1))
    (local.set $p (i32.const 10))
    (block $done
      (loop $more
        (br_if $done (i32.lt_u (local.get $x) (local.get $p)))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br_if $done (i32.eq (local.get $d) (i32.const 10)))
        (local.set $p (i32.mul (local.get $p) (i32.const 10)))
        (br $more)))
    (local.get $d))

  ;; Writes the digits of x into [start, end), right-aligned, zero-padded; two per division.
  (func $putDigits (param $x i32) (param $start i32) (param $end i32)
    (block $done
      (loop $more
        (br_if $done (i32.lt_u (i32.sub (local.get $end) (local.get $start)) (i32.const 2)))
        (local.set $end (i32.sub (local.get $end) (i32.const 2)))
        (i32.store16 (local.get $end)
          (i32.load16_u
            (i32.add (i32.const 10112) (i32.shl (i32.rem_u (local.get $x) (i32.const 100)) (i32.const 1)))))
        (local.set $x (i32.div_u (local.get $x) (i32.const 100)))
        (br $more)))
    (if (i32.gt_u (local.get $end) (local.get $start))
      (then
        (i32.store8 (local.get $start)
          (i32.add (i32.const 48) (i32.rem_u (local.get $x) (i32.const 10)))))))

  ;; Writes f·10^e (f ≥ 1, f < 10^17) at pos as Number::toString does; returns the end.
  (func $chars (param $f i64) (param $e i32) (param $pos i32) (result i32)
    (local $hi i32) (local $lo i32) (local $len i32) (local $dh i32) (local $n i32) (local $x i32)
    ;; Digits into the scratch area: f = hi·10^8 + lo.
    (local.set $hi (i32.wrap_i64 (i64.div_u (local.get $f) (i64.const 100000000))))
    (local.set $lo
      (i32.wrap_i64
        (i64.sub (local.get $f) (i64.mul (i64.extend_i32_u (local.get $hi)) (i64.const 100000000)))))
    (if (i32.eqz (local.get $hi))
      (then
        (local.set $len (call $digitCount (local.get $lo)))
        (call $putDigits (local.get $lo) (i32.const 9984) (i32.add (i32.const 9984) (local.get $len))))
      (else
        (local.set $dh (call $digitCount (local.get $hi)))
        (local.set $len (i32.add (local.get $dh) (i32.const 8)))
        (call $putDigits (local.get $hi) (i32.const 9984) (i32.add (i32.const 9984) (local.get $dh)))
        (call $putDigits (local.get $lo)
          (i32.add (i32.const 9984) (local.get $dh))
          (i32.add (i32.const 9984) (local.get $len)))))
    ;; k of the spec is the fewest digits: trailing zeros go into the exponent (f ≥ 1, so the
    ;; first digit is not 0).
    (block $stripped
      (loop $strip
        (br_if $stripped
          (i32.ne (i32.load8_u (i32.add (i32.const 9983) (local.get $len))) (i32.const 48)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $strip)))
    ;; n: position of the decimal point (value = 0.d1…dk × 10^n).
    (local.set $n (i32.add (local.get $e) (local.get $len)))
    (if (i32.and (i32.le_s (local.get $len) (local.get $n)) (i32.le_s (local.get $n) (i32.const 21)))
      (then ;; integer: digits then n − k zeros
        (memory.copy (local.get $pos) (i32.const 9984) (local.get $len))
        (local.set $pos (i32.add (local.get $pos) (local.get $len)))
        (memory.fill (local.get $pos) (i32.const 48) (i32.sub (local.get $n) (local.get $len)))
        (return (i32.add (local.get $pos) (i32.sub (local.get $n) (local.get $len))))))
    (if (i32.and (i32.gt_s (local.get $n) (i32.const 0)) (i32.le_s (local.get $n) (i32.const 21)))
      (then ;; d1…dn . dn+1…dk
        (memory.copy (local.get $pos) (i32.const 9984) (local.get $n))
        (local.set $pos (i32.add (local.get $pos) (local.get $n)))
        (i32.store8 (local.get $pos) (i32.const 46))
        (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
        (memory.copy (local.get $pos)
          (i32.add (i32.const 9984) (local.get $n))
          (i32.sub (local.get $len) (local.get $n)))
        (return (i32.add (local.get $pos) (i32.sub (local.get $len) (local.get $n))))))
    (if (i32.and (i32.gt_s (local.get $n) (i32.const -6)) (i32.le_s (local.get $n) (i32.const 0)))
      (then ;; 0.000ddd
        (i32.store16 (local.get $pos) (i32.const 0x2e30)) ;; "0."
        (local.set $pos (i32.add (local.get $pos) (i32.const 2)))
        (memory.fill (local.get $pos) (i32.const 48) (i32.sub (i32.const 0) (local.get $n)))
        (local.set $pos (i32.sub (local.get $pos) (local.get $n)))
        (memory.copy (local.get $pos) (i32.const 9984) (local.get $len))
        (return (i32.add (local.get $pos) (local.get $len)))))
    ;; d1[.d2…dk]e±(n−1)
    (i32.store8 (local.get $pos) (i32.load8_u (i32.const 9984)))
    (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
    (if (i32.gt_u (local.get $len) (i32.const 1))
      (then
        (i32.store8 (local.get $pos) (i32.const 46))
        (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
        (memory.copy (local.get $pos) (i32.const 9985) (i32.sub (local.get $len) (i32.const 1)))
        (local.set $pos (i32.add (local.get $pos) (i32.sub (local.get $len) (i32.const 1))))))
    (local.set $x (i32.sub (local.get $n) (i32.const 1)))
    (if (i32.lt_s (local.get $x) (i32.const 0))
      (then
        (i32.store16 (local.get $pos) (i32.const 0x2d65)) ;; "e-"
        (local.set $x (i32.sub (i32.const 0) (local.get $x))))
      (else (i32.store16 (local.get $pos) (i32.const 0x2b65)))) ;; "e+"
    (local.set $pos (i32.add (local.get $pos) (i32.const 2)))
    (local.set $dh (call $digitCount (local.get $x)))
    (call $putDigits (local.get $x) (local.get $pos) (i32.add (local.get $pos) (local.get $dh)))
    (i32.add (local.get $pos) (local.get $dh)))

  ;; The shortest decimal in the rounding interval of c·2^q, the one closest to it on a tie of
  ;; length (even digit on an exact tie); dk shifts the exponent (tiny subnormals come as 10c).
  (func $toDecimal (param $q i32) (param $c i64) (param $dk i32) (param $pos i32) (result i32)
    (local $out i64) (local $cb i64) (local $cbl i64) (local $cbr i64) (local $k i32) (local $h i64)
    (local $g1 i64) (local $g0 i64) (local $vb i64) (local $vbl i64) (local $vbr i64)
    (local $s i64) (local $t i64) (local $sp10 i64) (local $tp10 i64) (local $upin i32)
    (local $uin i32) (local $cmp i64) (local $p i32)
    ;; R_v's ends count as inside when c is even.
    (local.set $out (i64.and (local.get $c) (i64.const 1)))
    (local.set $cb (i64.shl (local.get $c) (i64.const 2)))
    (local.set $cbr (i64.add (local.get $cb) (i64.const 2)))
    (if (i32.or
          (i64.ne (local.get $c) (i64.const 0x10000000000000))
          (i32.eq (local.get $q) (i32.const -1074)))
      (then
        (local.set $cbl (i64.sub (local.get $cb) (i64.const 2)))
        ;; k = floor(q·log10 2)
        (local.set $k
          (i32.wrap_i64
            (i64.shr_s
              (i64.mul (i64.extend_i32_s (local.get $q)) (i64.const 661971961083))
              (i64.const 41)))))
      (else ;; c = 2^52: the lower neighbour is twice as close
        (local.set $cbl (i64.sub (local.get $cb) (i64.const 1)))
        ;; k = floor(log10(3/4·2^q))
        (local.set $k
          (i32.wrap_i64
            (i64.shr_s
              (i64.sub
                (i64.mul (i64.extend_i32_s (local.get $q)) (i64.const 661971961083))
                (i64.const 274743187321))
              (i64.const 41))))))
    ;; h = q + floor(-k·log2 10) + 2 (1 … 4)
    (local.set $h
      (i64.extend_i32_s
        (i32.add
          (i32.add
            (local.get $q)
            (i32.wrap_i64
              (i64.shr_s
                (i64.mul
                  (i64.extend_i32_s (i32.sub (i32.const 0) (local.get $k)))
                  (i64.const 913124641741))
                (i64.const 38))))
          (i32.const 2))))
    (local.set $p (i32.shl (i32.add (local.get $k) (i32.const 324)) (i32.const 4)))
    (local.set $g1 (i64.load (local.get $p)))
    (local.set $g0 (i64.load offset=8 (local.get $p)))
    (local.set $vb (call $rop (local.get $g1) (local.get $g0) (i64.shl (local.get $cb) (local.get $h))))
    (local.set $vbl (call $rop (local.get $g1) (local.get $g0) (i64.shl (local.get $cbl) (local.get $h))))
    (local.set $vbr (call $rop (local.get $g1) (local.get $g0) (i64.shl (local.get $cbr) (local.get $h))))
    (local.set $s (i64.shr_s (local.get $vb) (i64.const 2)))
    ;; Java's toString wants two digits and checks only s ≥ 100; JavaScript takes one digit, so
    ;; any s ≥ 10 (s < 10 only for subnormals, whose candidates then all have one digit).
    (if (i64.ge_u (local.get $s) (i64.const 10))
      (then
        ;; sp10 = 10·floor(s/10) (s < 2^62: the multiply-high by ⌈2^64/10⌉ is exact)
        (local.set $sp10
          (i64.mul (i64.const 10) (call $mulhi (local.get $s) (i64.const 1844674407370955168))))
        (local.set $tp10 (i64.add (local.get $sp10) (i64.const 10)))
        (local.set $upin
          (i64.le_s
            (i64.add (local.get $vbl) (local.get $out))
            (i64.shl (local.get $sp10) (i64.const 2))))
        (if (i32.ne
              (local.get $upin)
              (i64.le_s
                (i64.add (i64.shl (local.get $tp10) (i64.const 2)) (local.get $out))
                (local.get $vbr)))
          (then
            (return
              (call $chars
                (select (local.get $sp10) (local.get $tp10) (local.get $upin))
                (i32.add (local.get $k) (local.get $dk))
                (local.get $pos)))))))
    (local.set $t (i64.add (local.get $s) (i64.const 1)))
    (local.set $uin
      (i64.le_s (i64.add (local.get $vbl) (local.get $out)) (i64.shl (local.get $s) (i64.const 2))))
    (if (i32.ne
          (local.get $uin)
          (i64.le_s (i64.add (i64.shl (local.get $t) (i64.const 2)) (local.get $out)) (local.get $vbr)))
      (then
        (return
          (call $chars
            (select (local.get $s) (local.get $t) (local.get $uin))
            (i32.add (local.get $k) (local.get $dk))
            (local.get $pos)))))
    ;; Both in R_v: the closer one; an exact tie takes the even one.
    (local.set $cmp
      (i64.sub (local.get $vb) (i64.shl (i64.add (local.get $s) (local.get $t)) (i64.const 1))))
    (call $chars
      (select
        (local.get $s)
        (local.get $t)
        (i32.or
          (i64.lt_s (local.get $cmp) (i64.const 0))
          (i32.and (i64.eqz (local.get $cmp)) (i64.eqz (i64.and (local.get $s) (i64.const 1))))))
      (i32.add (local.get $k) (local.get $dk))
      (local.get $pos)))

  ;; Writes String(v) at pos; returns the end (at most 25 bytes later).
  (func (export "write") (param $v f64) (param $pos i32) (result i32)
    (local $bits i64) (local $t i64) (local $bq i32) (local $mq i32) (local $c i64) (local $f i64)
    (local.set $bits (i64.reinterpret_f64 (local.get $v)))
    (local.set $t (i64.and (local.get $bits) (i64.const 0xfffffffffffff)))
    (local.set $bq (i32.wrap_i64 (i64.and (i64.shr_u (local.get $bits) (i64.const 52)) (i64.const 0x7ff))))
    (if (i32.eq (local.get $bq) (i32.const 0x7ff))
      (then
        (if (i64.ne (local.get $t) (i64.const 0))
          (then
            (memory.copy (local.get $pos) (i32.const 10048) (i32.const 3))
            (return (i32.add (local.get $pos) (i32.const 3)))))
        (if (i64.lt_s (local.get $bits) (i64.const 0))
          (then
            (i32.store8 (local.get $pos) (i32.const 45))
            (local.set $pos (i32.add (local.get $pos) (i32.const 1)))))
        (memory.copy (local.get $pos) (i32.const 10051) (i32.const 8))
        (return (i32.add (local.get $pos) (i32.const 8)))))
    (if (i32.and (i32.eqz (local.get $bq)) (i64.eqz (local.get $t)))
      (then ;; ±0 → "0"
        (i32.store8 (local.get $pos) (i32.const 48))
        (return (i32.add (local.get $pos) (i32.const 1)))))
    (if (i64.lt_s (local.get $bits) (i64.const 0))
      (then
        (i32.store8 (local.get $pos) (i32.const 45))
        (local.set $pos (i32.add (local.get $pos) (i32.const 1)))))
    (if (i32.eqz (local.get $bq))
      (then ;; subnormal: c = t, q = −1074
        (if (i64.lt_u (local.get $t) (i64.const 3))
          (then
            (return
              (call $toDecimal
                (i32.const -1074)
                (i64.mul (local.get $t) (i64.const 10))
                (i32.const -1)
                (local.get $pos)))))
        (return (call $toDecimal (i32.const -1074) (local.get $t) (i32.const 0) (local.get $pos)))))
    ;; normal: c = 2^52 + t, q = bq − 1075 = −mq
    (local.set $mq (i32.sub (i32.const 1075) (local.get $bq)))
    (local.set $c (i64.or (i64.const 0x10000000000000) (local.get $t)))
    ;; an integer below 2^53: its digits
    (if (i32.and (i32.gt_s (local.get $mq) (i32.const 0)) (i32.lt_s (local.get $mq) (i32.const 53)))
      (then
        (local.set $f (i64.shr_u (local.get $c) (i64.extend_i32_u (local.get $mq))))
        (if (i64.eq (i64.shl (local.get $f) (i64.extend_i32_u (local.get $mq))) (local.get $c))
          (then (return (call $chars (local.get $f) (i32.const 0) (local.get $pos)))))))
    (call $toDecimal (i32.sub (i32.const 0) (local.get $mq)) (local.get $c) (i32.const 0) (local.get $pos)))
)
