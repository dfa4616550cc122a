// Everything a user of the ortkit library needs, in one include.
#pragma once

#include "ortkit/element_type.h"
#include "ortkit/error.h"
#include "ortkit/findings.h"
#include "ortkit/model.h"
#include "ortkit/model_metadata.h"
#include "ortkit/placement.h"
#include "ortkit/runner.h"
#include "ortkit/runtime.h"
#include "ortkit/session_config.h"
#include "ortkit/shape.h"
#include "ortkit/tensor.h"
#include "ortkit/tensor_io.h"
#include "ortkit/value.h"
#include "ortkit/value_spec.h"
