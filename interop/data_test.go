//go:build interop

package interop

import (
	"fmt"
	"math/big"
)

// The rows server/data.mjs generates, recomputed here: change both together.
const (
	customers = 3000
	orders    = 600
)

func customerID(i int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", i) }

// bigNumber is 2^53 + 1 + 2i: odd and above 2^53, so never a float64.
func bigNumber(i int) string {
	n := new(big.Int).Lsh(big.NewInt(1), 53)
	n.Add(n, big.NewInt(int64(1+2*i)))
	return n.String()
}

// decimal4 renders units/10^4 with exactly four decimals.
func decimal4(units int64) string {
	s := fmt.Sprintf("%05d", units)
	return s[:len(s)-4] + "." + s[len(s)-4:]
}

// creditLimit is (i·7919·1000003 mod 10^15)/10^4: up to 15 significant digits.
func creditLimit(i int) string {
	n := new(big.Int).Mul(big.NewInt(int64(i)), big.NewInt(7919*1000003))
	n.Mod(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(15), nil))
	return decimal4(n.Int64())
}

func customerNumber(i int) string { return fmt.Sprintf("C-%05d", i) }

func customerName(i int) string {
	if i%10 == 0 {
		return fmt.Sprintf("Клиент %d «ООД»", i)
	}
	return fmt.Sprintf("Customer %d", i)
}
