package crimestatsweb

// ImportField is the file input of the import form, for the tests.
const ImportField = importField
