// A small ERP-shaped model for odx's interop tests, served by SAP CAP under
// /api/domain/odata/ (the ERP.net Domain API's path). Rows are generated at
// start by data.mjs; the Go tests recompute the same values.
namespace erp;

entity Customers {
  key Id          : UUID;
      Number      : String(20);
      Name        : String(100);
      // Int64 above 2^53: a float64 cannot hold these digits.
      BigNumber   : Int64;
      // Decimal(19,4): at most 15 significant digits, which SQLite keeps.
      CreditLimit : Decimal(19, 4);
      Active      : Boolean;
      CreatedOn   : Timestamp;
      Orders      : Association to many SalesOrders on Orders.Customer = $self;
}

entity SalesOrders {
  key Id           : UUID;
      DocumentNo   : String(20);
      DocumentDate : Date;
      Total        : Decimal(19, 4);
      LineCount    : Integer;
      Customer     : Association to Customers;
}

@path    : '/api/domain/odata'
@requires: 'read'
service DomainAPI {
  entity Crm_Sales_Customers   as projection on erp.Customers;
  entity Crm_Sales_SalesOrders as projection on erp.SalesOrders;
}
