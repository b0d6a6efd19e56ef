package briefweb

// What the external tests of this package (package briefweb_test) read of
// its insides.

type DeliveryJSON = deliveryJSON
