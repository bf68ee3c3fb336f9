// Deterministic rows for the interop service. The Go tests (interop/data_test.go)
// recompute these values: change both together.

export const CUSTOMERS = 3000
export const ORDERS = 600

// uuid returns the Id of row i (1-based) of a set: a fixed prefix and i.
export function uuid(prefix, i) {
  return `${prefix}-0000-4000-8000-${String(i).padStart(12, '0')}`
}

// bigNumber is 2^53 + 1 + 2i: odd and above 2^53, so never a float64.
export function bigNumber(i) {
  return (2n ** 53n + 1n + 2n * BigInt(i)).toString()
}

// decimal4 renders units/10^4 with exactly four decimals.
function decimal4(units) {
  const s = units.toString().padStart(5, '0')
  return `${s.slice(0, -4)}.${s.slice(-4)}`
}

// creditLimit has up to 15 significant digits (SQLite keeps 15).
export function creditLimit(i) {
  return decimal4((BigInt(i) * 7919n * 1000003n) % (10n ** 15n))
}

export function customer(i) {
  return {
    Id: uuid('00000000', i),
    Number: `C-${String(i).padStart(5, '0')}`,
    Name: i % 10 === 0 ? `Клиент ${i} «ООД»` : `Customer ${i}`,
    BigNumber: bigNumber(i),
    CreditLimit: creditLimit(i),
    Active: i % 3 !== 0,
    CreatedOn: new Date(Date.UTC(2024, 0, 1) + i * 3600_000).toISOString(),
  }
}

export function order(i) {
  return {
    Id: uuid('11111111', i),
    DocumentNo: `SO-${String(i).padStart(5, '0')}`,
    DocumentDate: new Date(Date.UTC(2025, 0, 1) + (i % 365) * 86400_000).toISOString().slice(0, 10),
    Total: decimal4(BigInt(i) * 123456789n % (10n ** 12n)),
    LineCount: (i % 7) + 1,
    Customer_Id: uuid('00000000', ((i - 1) % 50) + 1),
  }
}
